package io.day2ops.foundation.clusters;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Each configured cluster's API server, as the background probe of {@link ClusterHealth} last saw it:
 * {@code /q/health/group/clusters}, NOT readiness. A service's readiness covers only what it needs itself (database,
 * broker); a lost cluster must not take day2ops out of its Services exactly when a DR needs it.
 */
@HealthGroup("clusters")
@ApplicationScoped
public class ClusterApiHealthCheck implements HealthCheck {

    private final ClusterHealth health;

    public ClusterApiHealthCheck(ClusterHealth health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("kubernetes-clusters").up();
        for (ClusterHealth.Status status : health.statuses()) {
            if (status.reachable() == null) {
                response.withData(status.cluster(), "not probed yet");
            } else if (status.reachable()) {
                response.withData(status.cluster(), "UP " + status.version());
            } else {
                response.down().withData(status.cluster(), "DOWN: " + status.error());
            }
        }
        return response.build();
    }
}
