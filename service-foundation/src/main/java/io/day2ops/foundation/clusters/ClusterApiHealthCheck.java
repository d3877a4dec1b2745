package io.day2ops.foundation.clusters;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Each configured cluster's API server answers its version within two seconds: {@code /q/health/group/clusters}, NOT
 * readiness. A service's readiness covers only what it needs itself (database, broker); a lost cluster must not take
 * day2ops out of its Services exactly when a DR needs it. Background health: {@link ClusterHealth}.
 */
@HealthGroup("clusters")
@ApplicationScoped
public class ClusterApiHealthCheck implements HealthCheck {

    private final ClusterConnections clusters;

    public ClusterApiHealthCheck(ClusterConnections clusters) {
        this.clusters = clusters;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("kubernetes-clusters").up();
        for (String name : clusters.names()) {
            try {
                String version = CompletableFuture.supplyAsync(() -> clusters.serverVersion(name))
                        .get(2, TimeUnit.SECONDS);
                response.withData(name, "UP " + version);
            } catch (Exception e) {
                response.down().withData(name, "DOWN: " + ClusterHealth.rootMessage(e));
            }
        }
        return response.build();
    }
}
