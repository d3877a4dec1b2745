package io.day2ops.foundation.clusters;

import io.day2ops.foundation.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /clusters}: the clusters this service works on and whether each answers (reachable, version, last seen,
 * latency, why not), from the background probe of {@link ClusterHealth}. Not readiness: a lost cluster is shown here
 * and in {@code day2_cluster_up}, and the service stays Ready.
 */
@Path("/clusters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ClustersResource {

    private final ClusterHealth health;

    public ClustersResource(ClusterHealth health) {
        this.health = health;
    }

    @GET
    public List<ClusterHealth.Status> clusters() {
        return health.statuses();
    }
}
