package io.day2ops.upgrade.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventType;
import io.day2ops.events.Names;
import io.day2ops.foundation.commands.HttpCommands;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.security.Roles;
import io.day2ops.upgrade.repository.DrainRepository;
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

/** Drains over HTTP: one by name, with each node's result. */
@RolesAllowed(Roles.VIEWER)
@Path("/drains")
@Produces(MediaType.APPLICATION_JSON)
public class DrainResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DrainRepository drains;
    private final HttpCommands commands;
    private final SecurityIdentity caller;

    private final io.day2ops.foundation.commands.JobCancels cancels;

    public DrainResource(
            DrainRepository drains,
            HttpCommands commands,
            SecurityIdentity caller,
            io.day2ops.foundation.commands.JobCancels cancels) {
        this.cancels = cancels;
        this.drains = drains;
        this.commands = commands;
        this.caller = caller;
    }

    /**
     * Drains nodes: the body is a {@code DrainRequested} (its schema),
     * published through the outbox as the caller; 202 with Location {@code /drains/<name>}, 409 if the name is taken.
     */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        return commands.submit(
                EventType.DRAIN_REQUESTED,
                body,
                "drain",
                "/drains",
                caller,
                name -> drains.findByName(name).map(java.util.Objects::nonNull));
    }

    /**
     * A drain.
     *
     * @param name its name
     * @param cluster the cluster
     * @param outcome Drained or Failed; null while it runs
     * @param reason why it failed
     * @param nodes each node's result; for a dry run, each node's prediction (drainable, evict, skipped, blockers)
     * @param createdAt when it was requested
     * @param completedAt when it ended
     * @param requestedBy who asked for it: the request's {@code ce_source}
     * @param requestedAt when they sent it: the request's {@code ce_time}
     * @param dryRun whether it only predicted (nothing was touched)
     */
    public record DrainView(
            String name,
            String cluster,
            String outcome,
            String reason,
            JsonNode nodes,
            Instant createdAt,
            Instant completedAt,
            String requestedBy,
            Instant requestedAt,
            boolean dryRun) {}

    /**
     * Cancels a drain: it stops before its next node or round of evictions; nodes it cordoned stay cordoned (the
     * answer names them), as after an interrupted {@code kubectl drain}. 202 while it stops, 409 once it ended.
     */
    @POST
    @Path("/{name}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> cancel(@PathParam("name") String name) {
        return describe(name)
                .chain(found -> cancels.cancel(
                        io.day2ops.upgrade.service.DrainJob.KIND, "drain", name, "/drains/" + name, caller));
    }

    @GET
    @Path("/{name}")
    public Uni<DrainView> describe(@PathParam("name") String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        return drains.describe(name).map(drain -> {
            if (drain == null) {
                throw new NotFoundProblem("drain '" + name + "' does not exist");
            }
            return view(drain);
        });
    }

    /** The newest drains first ({@code ?cluster=} one cluster's), at most {@code limit} (100). */
    @GET
    public Uni<java.util.List<DrainView>> list(
            @QueryParam("cluster") String cluster, @QueryParam("limit") Integer limit) {
        if (cluster != null && !Names.isDns1123Label(cluster)) {
            throw new BadRequestProblem("cluster", "'" + cluster + "' is not a cluster name (a DNS-1123 label)");
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw new BadRequestProblem("limit", "must be between 1 and 1000");
        }
        return drains.history(cluster, limit == null ? 100 : limit)
                .map(found -> found.stream().map(DrainResource::view).toList());
    }

    private static DrainView view(io.day2ops.upgrade.domain.Drain drain) {
        JsonNode nodes = null;
        boolean dryRun;
        try {
            nodes = drain.nodes == null ? null : JSON.readTree(drain.nodes);
            dryRun = JSON.readTree(drain.request).path("dryRun").asBoolean(false);
        } catch (IOException e) {
            throw new IllegalStateException("drain " + drain.name + ": stored JSON does not parse", e);
        }
        return new DrainView(
                drain.name,
                drain.cluster,
                drain.outcome,
                drain.reason,
                nodes,
                drain.createdAt,
                drain.completedAt,
                drain.requestedBy,
                drain.requestedAt,
                dryRun);
    }
}
