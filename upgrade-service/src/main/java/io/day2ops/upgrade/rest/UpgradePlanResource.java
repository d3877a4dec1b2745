package io.day2ops.upgrade.rest;

import io.day2ops.events.GoDuration;
import io.day2ops.events.Names;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.foundation.security.Roles;
import io.day2ops.upgrade.config.UpgradeConfig;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.KubernetesVersion;
import io.day2ops.upgrade.domain.UpgradePlan;
import io.day2ops.upgrade.k8s.ClusterStateReader;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /gates/plan?cluster=&target=}: the single-minor hops from the cluster's version to the target, each with
 * the API versions it removes and the objects of the cluster still using them (one read of the cluster, as the gate).
 */
@RolesAllowed(Roles.VIEWER)
@Path("/gates/plan")
@Produces(MediaType.APPLICATION_JSON)
public class UpgradePlanResource {

    private final ClusterConnections clusters;
    private final ClusterStateReader reader;
    private final UpgradeConfig.Upgrade config;

    public UpgradePlanResource(ClusterConnections clusters, ClusterStateReader reader, UpgradeConfig config) {
        this.clusters = clusters;
        this.reader = reader;
        this.config = config.upgrade();
    }

    @GET
    public Uni<UpgradePlan> plan(@QueryParam("cluster") String cluster, @QueryParam("target") String target) {
        if (cluster == null || !Names.isDns1123Label(cluster)) {
            throw new BadRequestProblem(
                    "cluster",
                    cluster == null
                            ? "required: the cluster to plan for"
                            : "'" + cluster + "' is not a DNS-1123 label");
        }
        KubernetesVersion to;
        try {
            to = KubernetesVersion.parse(target);
        } catch (IllegalArgumentException e) {
            throw new BadRequestProblem("target", e.getMessage());
        }
        if (!clusters.isConfigured(cluster)) {
            throw new NotFoundProblem(clusters.unknownClusterMessage(cluster));
        }
        return VertxContexts.blocking(() -> {
                    ClusterState state = reader.read(clusters.client(cluster).orElseThrow());
                    return UpgradePlan.of(
                            KubernetesVersion.parse(state.serverVersion()), to, reader.data(), state.apiUses());
                })
                .ifNoItem()
                .after(config.readTimeout())
                .failWith(() -> new IllegalStateException(
                        "reading cluster " + cluster + " took more than " + GoDuration.format(config.readTimeout())));
    }
}
