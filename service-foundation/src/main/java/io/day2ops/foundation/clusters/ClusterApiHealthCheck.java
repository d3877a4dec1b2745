package io.day2ops.foundation.clusters;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of each configured cluster's API server: its version answers within two seconds. */
@Readiness
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
                response.down().withData(name, "DOWN: " + rootMessage(e));
            }
        }
        return response.build();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
