package io.day2ops.backup.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.domain.Restore;
import io.day2ops.backup.repository.RestoreRepository;
import io.day2ops.backup.restore.RestoreItem;
import io.day2ops.backup.service.RestoreJob;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventType;
import io.day2ops.events.Names;
import io.day2ops.foundation.commands.HttpCommands;
import io.day2ops.foundation.commands.JobCancels;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.jobs.JobStatus;
import io.day2ops.foundation.jobs.PhaseChange;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Restores over HTTP: {@code velero restore get}, {@code describe} and {@code describe --details}. */
@RolesAllowed(Roles.VIEWER)
@Path("/restores")
@Produces(MediaType.APPLICATION_JSON)
public class RestoreResource {

    private final RestoreRepository restores;
    private final io.day2ops.backup.repository.BackupRepository backups;
    private final HttpCommands commands;
    private final SecurityIdentity caller;
    private final JobQueue jobs;
    private final JobCancels cancels;

    public RestoreResource(
            RestoreRepository restores,
            io.day2ops.backup.repository.BackupRepository backups,
            HttpCommands commands,
            SecurityIdentity caller,
            JobQueue jobs,
            JobCancels cancels) {
        this.jobs = jobs;
        this.cancels = cancels;
        this.restores = restores;
        this.backups = backups;
        this.commands = commands;
        this.caller = caller;
    }

    /**
     * {@code velero restore create}: the body is a {@code RestoreRequested} (its schema), published through the outbox
     * as the caller; 202 with Location {@code /restores/<name>}, 409 if the name is taken. With {@code fromSchedule}
     * ({@code velero restore create --from-schedule}) the body leaves out {@code backupName}: the newest Completed
     * backup of that schedule is restored, and named in the answer; none is a 409.
     */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body, @QueryParam("fromSchedule") String fromSchedule) {
        if (fromSchedule == null || fromSchedule.isBlank()) {
            return submit(body);
        }
        com.fasterxml.jackson.databind.node.ObjectNode request;
        try {
            com.fasterxml.jackson.databind.JsonNode parsed = Json.MAPPER.readTree(body == null ? "" : body);
            if (!(parsed instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
                throw new BadRequestProblem("$", "expected a JSON object");
            }
            request = object;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequestProblem("$", "not valid JSON: " + e.getOriginalMessage());
        }
        if (request.hasNonNull("backupName")) {
            throw new BadRequestProblem(
                    "backupName",
                    "give either backupName or ?fromSchedule, not both (fromSchedule=" + fromSchedule + ")");
        }
        // the schedule names the source cluster; the body's cluster is where to restore
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> backups.search(
                        Optional.empty(), Optional.of(BackupPhase.Completed), Optional.of(fromSchedule), 1))
                .chain(latest -> {
                    if (latest.isEmpty()) {
                        return Uni.createFrom()
                                .item(new io.day2ops.foundation.rest.ProblemDetails(
                                                "urn:day2ops:problem:conflict",
                                                "Conflict",
                                                409,
                                                "schedule '" + fromSchedule + "' has no Completed backup to restore"
                                                        + " (GET /backups?schedule=" + fromSchedule + ")",
                                                List.of())
                                        .toResponse());
                    }
                    request.put("backupName", latest.get(0).name);
                    return submit(request.toString());
                });
    }

    private Uni<Response> submit(String body) {
        return commands.submit(
                EventType.RESTORE_REQUESTED,
                body,
                "restore",
                "/restores",
                caller,
                name -> restores.findByName(name).map(java.util.Objects::nonNull));
    }

    /**
     * A restore as the catalog holds it.
     *
     * @param name the restore's name
     * @param cluster the cluster restored into
     * @param backupName the backup restored from
     * @param phase where it got to
     * @param dryRun whether nothing was applied
     * @param drillName the drill it served, if any
     * @param createdAt when it was requested
     * @param startedAt when work started
     * @param completedAt when it ended
     * @param itemsRestored objects created or updated (planned, for a dry run)
     * @param itemsSkipped objects left out
     * @param conflicts objects that existed and were left as they were
     * @param errors objects that could not be restored
     * @param failureReason why it failed, or the first object error; {@code Rejected: ...} when the policy refused it
     * @param requestedBy who asked for it: the request's {@code ce_source}
     * @param requestedAt when they sent it: the request's {@code ce_time}
     * @param request the stored request ({@code describe} only)
     * @param phaseHistory each phase it went through and when ({@code describe} only)
     * @param progress how far a running restore is: stage, items done / expected, rate, ETA
     * @param cancelRequestedBy who asked to cancel it, once someone did
     */
    public record RestoreView(
            String name,
            String cluster,
            String backupName,
            BackupPhase phase,
            boolean dryRun,
            String drillName,
            Instant createdAt,
            Instant startedAt,
            Instant completedAt,
            Long itemsRestored,
            Long itemsSkipped,
            Long conflicts,
            Integer errors,
            String failureReason,
            String requestedBy,
            Instant requestedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) com.fasterxml.jackson.databind.JsonNode request,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<PhaseChange> phaseHistory,
            @JsonInclude(JsonInclude.Include.NON_NULL) JobStatus.Progress progress,
            @JsonInclude(JsonInclude.Include.NON_NULL) String cancelRequestedBy) {

        static RestoreView of(Restore restore) {
            return of(restore, null, false);
        }

        static RestoreView of(Restore restore, JobStatus job, boolean details) {
            return new RestoreView(
                    restore.name,
                    restore.cluster,
                    restore.backupName,
                    restore.phase,
                    restore.dryRun,
                    restore.drillName,
                    restore.createdAt,
                    restore.startedAt,
                    restore.completedAt,
                    restore.itemsRestored,
                    restore.itemsSkipped,
                    restore.conflicts,
                    restore.errors,
                    restore.failureReason,
                    restore.requestedBy,
                    restore.requestedAt,
                    details ? Json.tree(restore.request) : null,
                    details
                            ? PhaseChange.history(
                                    restore.createdAt, restore.startedAt, restore.completedAt, restore.phase)
                            : null,
                    job == null ? null : job.progress(),
                    job == null ? null : job.cancelRequestedBy());
        }
    }

    @GET
    public Uni<List<RestoreView>> list(
            @QueryParam("cluster") String cluster,
            @QueryParam("phase") String phase,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadRequestProblem("limit", "must be between 1 and 1000, was " + limit);
        }
        return restores.search(Optional.ofNullable(cluster), BackupResource.parsePhase(phase), limit)
                .map(found -> found.stream().map(RestoreView::of).toList());
    }

    @GET
    @Path("/{name}")
    public Uni<RestoreView> describe(@PathParam("name") String name) {
        return find(name)
                .chain(restore -> jobs.status(RestoreJob.KIND, name).map(job -> RestoreView.of(restore, job, true)));
    }

    /**
     * Cancels a New or InProgress restore: it stops before its next object, phase {@code Cancelled}, {@code
     * RestoreCompleted} (Failed) with {@code cancelledBy}. What it created before stays. 202 while it stops.
     */
    @POST
    @Path("/{name}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> cancel(@PathParam("name") String name) {
        return find(name)
                .chain(restore -> cancels.cancel(RestoreJob.KIND, "restore", name, "/restores/" + name, caller));
    }

    /**
     * The restore's log ({@code velero restore logs}): while it runs, what it logged so far; once it ended, one line per
     * object (what was done with it and why) and its outcome.
     */
    @GET
    @Path("/{name}/logs")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> logs(@PathParam("name") String name) {
        return find(name).chain(restore -> {
            if (restore.phase == BackupPhase.New || restore.phase == BackupPhase.InProgress) {
                return jobs.logTail(RestoreJob.KIND, name)
                        .map(tail -> "# restore " + name + " is " + restore.phase
                                + (tail == null
                                        ? "; nothing logged yet\n"
                                        : ": its log so far (the last 64 KiB)\n" + tail));
            }
            return items(name).map(items -> {
                StringBuilder text = new StringBuilder();
                text.append("restore ")
                        .append(name)
                        .append(" of backup ")
                        .append(restore.backupName)
                        .append(" into ")
                        .append(restore.cluster)
                        .append(restore.dryRun ? " (dry run)" : "")
                        .append('\n');
                io.day2ops.events.VeleroFields.warnings(
                                io.day2ops.events.EventType.RESTORE_REQUESTED, Json.tree(restore.request))
                        .forEach(w -> text.append("warning: ").append(w).append('\n'));
                for (RestoreItem item : items) {
                    text.append(item.action())
                            .append(' ')
                            .append(item.resource())
                            .append(' ')
                            .append(item.namespace() == null ? "" : item.namespace() + "/")
                            .append(item.name());
                    if (item.message() != null) {
                        text.append(": ").append(item.message());
                    }
                    text.append('\n');
                }
                text.append("restore ").append(name).append(' ').append(restore.phase);
                if (restore.failureReason != null) {
                    text.append(": ").append(restore.failureReason);
                }
                return text.append('\n').toString();
            });
        });
    }

    /** What happened to every object. */
    @GET
    @Path("/{name}/items")
    public Uni<List<RestoreItem>> items(@PathParam("name") String name) {
        return find(name).map(restore -> {
            if (restore.results == null) {
                return List.<RestoreItem>of();
            }
            try {
                return Json.MAPPER.readValue(restore.results, new TypeReference<List<RestoreItem>>() {});
            } catch (java.io.IOException e) {
                throw new IllegalStateException("results of restore " + name + " are not JSON", e);
            }
        });
    }

    /**
     * A dry run's plan against the live target, as {@code kubectl diff}: per object {@code create}, {@code unchanged},
     * {@code differs} (with the RFC 6902 patch restoring it would apply, server-set fields ignored), {@code skipped}
     * (and why) or {@code failed}. 409 for a restore that is not a dry run, or has not finished.
     */
    @GET
    @Path("/{name}/diff")
    public Uni<Response> diff(@PathParam("name") String name) {
        return find(name).chain(restore -> {
            if (!restore.dryRun) {
                return Uni.createFrom()
                        .item(conflict("restore '" + name + "' was not a dry run: it changed the"
                                + " cluster; what it did per object is at /restores/" + name + "/items"));
            }
            if (restore.phase == BackupPhase.New || restore.phase == BackupPhase.InProgress) {
                return Uni.createFrom()
                        .item(conflict("dry run '" + name + "' is " + restore.phase
                                + "; its diff is there once it has finished"));
            }
            return items(name)
                    .map(items -> Response.ok(RestoreDiff.of(restore, items)).build());
        });
    }

    private static Response conflict(String detail) {
        return new io.day2ops.foundation.rest.ProblemDetails(
                        "urn:day2ops:problem:conflict", "Conflict", 409, detail, List.of())
                .toResponse();
    }

    private Uni<Restore> find(String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        return restores.describe(name).map(restore -> {
            if (restore == null) {
                throw new NotFoundProblem("restore '" + name + "' does not exist");
            }
            return restore;
        });
    }
}
