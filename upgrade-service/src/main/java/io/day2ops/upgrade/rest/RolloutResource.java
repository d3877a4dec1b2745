package io.day2ops.upgrade.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventType;
import io.day2ops.events.Names;
import io.day2ops.foundation.commands.HttpCommands;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.security.Roles;
import io.day2ops.upgrade.domain.Rollout;
import io.day2ops.upgrade.repository.RolloutRepository;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Rollouts over HTTP: one by name (with every step), a cluster's history. */
@RolesAllowed(Roles.VIEWER)
@Path("/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RolloutRepository rollouts;
    private final HttpCommands commands;
    private final SecurityIdentity caller;

    private final io.day2ops.foundation.commands.JobCancels cancels;

    public RolloutResource(
            RolloutRepository rollouts,
            HttpCommands commands,
            SecurityIdentity caller,
            io.day2ops.foundation.commands.JobCancels cancels) {
        this.cancels = cancels;
        this.rollouts = rollouts;
        this.commands = commands;
        this.caller = caller;
    }

    /**
     * Rolls a workload out: the body is a {@code RolloutRequested} (its schema),
     * published through the outbox as the caller; 202 with Location {@code /rollouts/<name>}, 409 if the name is taken.
     */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        return commands.submit(
                EventType.ROLLOUT_REQUESTED,
                body,
                "rollout",
                "/rollouts",
                caller,
                name -> rollouts.findByName(name).map(java.util.Objects::nonNull));
    }

    /**
     * A rollout.
     *
     * @param name its name
     * @param cluster the cluster
     * @param namespace the workload's namespace
     * @param kind Deployment or StatefulSet
     * @param workload the workload's name
     * @param strategy surge or partition
     * @param outcome Succeeded, RolledBack or Failed; null while it runs
     * @param reason why it stopped
     * @param steps each step with its timing
     * @param createdAt when it was requested
     * @param startedAt when it started changing the workload
     * @param completedAt when it ended
     * @param requestedBy who asked for it: the request's {@code ce_source}
     * @param requestedAt when they sent it: the request's {@code ce_time}
     */
    public record RolloutView(
            String name,
            String cluster,
            String namespace,
            String kind,
            String workload,
            String strategy,
            String outcome,
            String reason,
            JsonNode steps,
            Instant createdAt,
            Instant startedAt,
            Instant completedAt,
            String requestedBy,
            Instant requestedAt) {}

    /**
     * Cancels a rollout (Argo Rollouts' abort): one not started yet never changes the workload; a running one stops at
     * its next poll and rolls the workload back to its previous template, ending RolledBack with {@code cancelledBy}.
     * 202 while it stops, 409 once it ended.
     */
    @POST
    @Path("/{name}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> cancel(@PathParam("name") String name) {
        return describe(name)
                .chain(found -> cancels.cancel(
                        io.day2ops.upgrade.service.RolloutJob.KIND, "rollout", name, "/rollouts/" + name, caller));
    }

    @GET
    @Path("/{name}")
    public Uni<RolloutView> describe(@PathParam("name") String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        return rollouts.describe(name).map(rollout -> {
            if (rollout == null) {
                throw new NotFoundProblem("rollout '" + name + "' does not exist");
            }
            return view(rollout);
        });
    }

    @GET
    public Uni<List<RolloutView>> list(@QueryParam("cluster") String cluster, @QueryParam("limit") Integer limit) {
        if (cluster != null && !Names.isDns1123Label(cluster)) {
            throw new BadRequestProblem("cluster", "'" + cluster + "' is not a cluster name (a DNS-1123 label)");
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw new BadRequestProblem("limit", "must be between 1 and 1000");
        }
        return rollouts.history(cluster, limit == null ? 100 : limit)
                .map(found -> found.stream().map(RolloutResource::view).toList());
    }

    private static RolloutView view(Rollout rollout) {
        JsonNode steps = null;
        if (rollout.steps != null) {
            try {
                steps = JSON.readTree(rollout.steps);
            } catch (IOException e) {
                throw new IllegalStateException("rollout " + rollout.name + ": steps are not JSON", e);
            }
        }
        return new RolloutView(
                rollout.name,
                rollout.cluster,
                rollout.namespace,
                rollout.kind,
                rollout.workload,
                rollout.strategy,
                rollout.outcome,
                rollout.reason,
                steps,
                rollout.createdAt,
                rollout.startedAt,
                rollout.completedAt,
                rollout.requestedBy,
                rollout.requestedAt);
    }
}
