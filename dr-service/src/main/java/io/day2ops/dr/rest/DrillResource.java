package io.day2ops.dr.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.FailoverFence;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.EventType;
import io.day2ops.events.Names;
import io.day2ops.foundation.commands.HttpCommands;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Drills over HTTP: one drill, a cluster's history. */
@RolesAllowed(Roles.VIEWER)
@Path("/drills")
@Produces(MediaType.APPLICATION_JSON)
public class DrillResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DrillRepository drills;
    private final HttpCommands commands;
    private final SecurityIdentity caller;

    private final io.day2ops.foundation.commands.JobCancels cancels;
    private final io.day2ops.dr.service.DrillCompletion completion;
    private final io.day2ops.dr.service.Fences fences;

    public DrillResource(
            DrillRepository drills,
            HttpCommands commands,
            SecurityIdentity caller,
            io.day2ops.foundation.commands.JobCancels cancels,
            io.day2ops.dr.service.DrillCompletion completion,
            io.day2ops.dr.service.Fences fences) {
        this.fences = fences;
        this.cancels = cancels;
        this.completion = completion;
        this.drills = drills;
        this.commands = commands;
        this.caller = caller;
    }

    /**
     * Runs a drill: the body is a {@code DrillRequested} (its schema), published through the outbox as the caller;
     * 202 with Location {@code /drills/<name>}, 409 if a drill or failover has that name.
     */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> run(String body) {
        return commands.submit(EventType.DRILL_REQUESTED, body, "drill", "/drills", caller, this::exists);
    }

    /**
     * Cancels a drill (or failover) that has not ended: it completes failed, with a {@code cancelled} check and {@code
     * cancelledBy} on its answer event. In its first step (New) or while verifying, its job is stopped at its next
     * safe point (202); while it waits on another service (draining, restoring) it ends at once (200), and the restore
     * it asked for goes on in backup-service unless cancelled there ({@code POST /restores/<name>/cancel}, which the
     * CLI's {@code cancel drill} does too). 409 once it ended.
     */
    @POST
    @Path("/{name}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> cancel(@PathParam("name") String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        String by = HttpCommands.sourceOf(caller);
        String location = "/drills/" + name;
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> drills.find("name", name)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .firstResult()
                .chain(drill -> {
                    if (drill == null) {
                        throw new NotFoundProblem("drill '" + name + "' does not exist");
                    }
                    return switch (drill.phase) {
                        case Completed ->
                            Uni.createFrom()
                                    .item(new io.day2ops.foundation.rest.ProblemDetails(
                                                    "urn:day2ops:problem:conflict",
                                                    "Conflict",
                                                    409,
                                                    "drill '" + name + "' has ended ("
                                                            + (Boolean.TRUE.equals(drill.passed) ? "passed" : "failed")
                                                            + "): there is nothing to cancel",
                                                    List.of())
                                            .toResponse());
                        case New ->
                            cancels.cancel(io.day2ops.dr.service.DrillJob.KIND, "drill", name, location, caller);
                        case Verifying ->
                            cancels.cancel(io.day2ops.dr.service.DrillVerifyJob.KIND, "drill", name, location, caller);
                        default -> {
                            String waitedOn = drill.restoreName;
                            yield completion
                                    .cancel(drill, by, null)
                                    .replaceWith(Response.ok(new io.day2ops.foundation.commands.JobCancels.Cancelling(
                                                    "drill",
                                                    name,
                                                    io.day2ops.foundation.jobs.JobPhase.Cancelled,
                                                    by,
                                                    Instant.now(),
                                                    location,
                                                    "cancelled; " + waitedOn + " goes on in the service carrying it"
                                                            + " out unless cancelled there (POST /restores/" + waitedOn
                                                            + "/cancel or /drains/" + waitedOn + "/cancel)"))
                                            .build());
                        }
                    };
                }));
    }

    /** Whether a drill or failover (both drills) of that name exists. */
    private Uni<Boolean> exists(String name) {
        return drills.findByName(name).map(java.util.Objects::nonNull);
    }

    /**
     * A drill as the API shows it.
     *
     * @param name the drill
     * @param cluster the source cluster
     * @param targetCluster the cluster restored into
     * @param backupName the backup restored
     * @param passed null while running
     * @param failureReason why it failed
     * @param createdAt when it was requested
     * @param completedAt when it ended
     * @param report the DrillCompleted data
     * @param requestedBy who asked for it: the request's {@code ce_source}
     * @param requestedAt when they sent it: the request's {@code ce_time}
     * @param phase where it stands: New, Draining, Restoring, Verifying, Completed (its stage while it runs)
     * @param restoreName the restore (or drain) it asked for and waits on, in backup-service (upgrade-service): its
     *     progress is that restore's ({@code GET /restores/<restoreName>}, which {@code day2 drill run --wait} shows)
     * @param startedAt when it started
     * @param deadlineAt when it fails if it has not ended
     * @param fence a failover's fence of its old primary (on {@code GET /drills/<name>} only; null when none)
     * @param failbackOf for a failback: the failover it reverses
     */
    public record DrillView(
            String name,
            String cluster,
            String targetCluster,
            String backupName,
            Boolean passed,
            String failureReason,
            Instant createdAt,
            Instant completedAt,
            JsonNode report,
            String requestedBy,
            Instant requestedAt,
            String phase,
            String restoreName,
            Instant startedAt,
            Instant deadlineAt,
            FenceView fence,
            String failbackOf) {

        static DrillView of(Drill drill) {
            return of(drill, null);
        }

        static DrillView of(Drill drill, FailoverFence fence) {
            try {
                return new DrillView(
                        drill.name,
                        drill.cluster,
                        drill.targetCluster,
                        drill.backupName,
                        drill.passed,
                        drill.failureReason,
                        drill.createdAt,
                        drill.completedAt,
                        drill.report == null ? null : JSON.readTree(drill.report),
                        drill.requestedBy,
                        drill.requestedAt,
                        drill.phase == null ? null : drill.phase.name(),
                        drill.restoreName,
                        drill.startedAt,
                        drill.deadlineAt,
                        fence == null
                                ? null
                                : new FenceView(
                                        fence.phase.name(),
                                        fence.reason,
                                        JSON.readTree(fence.workloads),
                                        fence.fenced == null ? null : JSON.readTree(fence.fenced),
                                        fence.deadlineAt,
                                        fence.updatedAt),
                        drill.failbackOf);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The fence of a failover's old primary.
     *
     * @param phase Pending (the old primary has not answered yet), Fenced, Failed, Unfenced (by a failback)
     * @param reason what happened last
     * @param workloads what is to be fenced, {@code Kind/namespace/name} on the old primary
     * @param fenced what was scaled to 0, with its replicas before
     * @param deadlineAt when a Pending fence gives up
     * @param updatedAt its last change
     */
    public record FenceView(
            String phase, String reason, JsonNode workloads, JsonNode fenced, Instant deadlineAt, Instant updatedAt) {}

    @GET
    @Path("/{name}")
    public Uni<DrillView> describe(@PathParam("name") String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        return drills.describe(name).chain(drill -> {
            if (drill == null) {
                throw new NotFoundProblem("drill '" + name + "' does not exist");
            }
            return drill.isFailover()
                    ? fences.describe(name).map(fence -> DrillView.of(drill, fence))
                    : Uni.createFrom().item(DrillView.of(drill));
        });
    }

    @GET
    public Uni<List<DrillView>> history(
            @QueryParam("cluster") String cluster, @QueryParam("limit") @DefaultValue("20") int limit) {
        if (cluster != null && !Names.isDns1123Label(cluster)) {
            throw new BadRequestProblem("cluster", "'" + cluster + "' is not a DNS-1123 label");
        }
        if (limit < 1 || limit > 500) {
            throw new BadRequestProblem("limit", "must be between 1 and 500, was " + limit);
        }
        return drills.history(cluster, limit)
                .map(found -> found.stream().map(DrillView::of).toList());
    }
}
