package io.day2ops.backup.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.day2ops.backup.domain.Backup;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.repository.BackupRepository;
import io.day2ops.backup.service.BackupDeletion;
import io.day2ops.backup.service.BackupEncryption;
import io.day2ops.backup.service.BackupJob;
import io.day2ops.backup.storage.StorageLocation;
import io.day2ops.backup.storage.StorageLocations;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventType;
import io.day2ops.events.Names;
import io.day2ops.foundation.commands.HttpCommands;
import io.day2ops.foundation.jobs.JobStatus;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.rest.ProblemDetails;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.foundation.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestMulti;

/** The backup catalog over HTTP: {@code velero backup get} and {@code velero backup describe}. */
@RolesAllowed(Roles.VIEWER)
@Path("/backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupResource {

    private final BackupRepository backups;
    private final BackupDeletion deletion;
    private final StorageLocations locations;
    private final SecurityIdentity caller;
    private final BackupEncryption encryption;
    private final HttpCommands commands;
    private final io.day2ops.foundation.jobs.JobQueue jobs;
    private final io.day2ops.foundation.commands.JobCancels cancels;
    private final BackupFiles files;
    private final CatalogAnswers catalog;

    /**
     * What backup {@code to} holds that {@code from} did not ({@code added}), what it lost ({@code removed}) and which
     * objects changed (content hash, or resourceVersion for sealed objects), from the fleet catalogue ({@code day2
     * backup diff A B}); 404 naming a backup that does not exist or holds nothing.
     */
    @GET
    @Path("/{from}/diff/{to}")
    public Uni<CatalogAnswers.Diff> diff(@PathParam("from") String from, @PathParam("to") String to) {
        return catalog.diff(from, to);
    }

    public BackupResource(
            BackupRepository backups,
            BackupDeletion deletion,
            StorageLocations locations,
            SecurityIdentity caller,
            BackupEncryption encryption,
            HttpCommands commands,
            io.day2ops.foundation.jobs.JobQueue jobs,
            io.day2ops.foundation.commands.JobCancels cancels,
            BackupFiles files,
            CatalogAnswers catalog) {
        this.catalog = catalog;
        this.files = files;
        this.jobs = jobs;
        this.cancels = cancels;
        this.encryption = encryption;
        this.commands = commands;
        this.backups = backups;
        this.deletion = deletion;
        this.locations = locations;
        this.caller = caller;
    }

    /**
     * A backup as the API shows it.
     *
     * @param name the backup's name
     * @param cluster the cluster backed up
     * @param phase where it got to
     * @param storageLocation the storage location asked for
     * @param schedule the schedule that fired it
     * @param createdAt when it was requested
     * @param startedAt when work started
     * @param completedAt when it ended
     * @param failureReason why it failed
     * @param uri where the backup is stored
     * @param manifestSha256 the sha256 of its manifest.json
     * @param sizeBytes the stored size of all parts
     * @param totalItems objects captured
     * @param itemCounts objects captured per resource
     * @param warnings warnings in its log
     * @param errors errors in its log
     * @param dataTimestamp the point in time the data reflects
     * @param expiresAt when garbage collection deletes it
     * @param requestedBy who asked for it: the request's {@code ce_source}
     * @param requestedAt when they sent it: the request's {@code ce_time}
     * @param request the stored request, as it came ({@code describe} only)
     * @param etcdRevision the etcd snapshot's revision, when one was taken
     * @param etcdKeys the etcd snapshot's key count
     * @param volumeSnapshots the CSI volume snapshots taken ({@code describe} only)
     * @param phaseHistory each phase the backup went through and when ({@code describe} only)
     * @param progress how far a running backup is: stage, items done / expected, rate, ETA
     * @param cancelRequestedBy who asked to cancel it, once someone did
     */
    public record BackupView(
            String name,
            String cluster,
            BackupPhase phase,
            String storageLocation,
            String schedule,
            Instant createdAt,
            Instant startedAt,
            Instant completedAt,
            String failureReason,
            String uri,
            String manifestSha256,
            Long sizeBytes,
            Long totalItems,
            Map<String, Integer> itemCounts,
            Integer warnings,
            Integer errors,
            Instant dataTimestamp,
            Instant expiresAt,
            String requestedBy,
            Instant requestedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) com.fasterxml.jackson.databind.JsonNode request,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long etcdRevision,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long etcdKeys,
            @JsonInclude(JsonInclude.Include.NON_NULL) com.fasterxml.jackson.databind.JsonNode volumeSnapshots,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<io.day2ops.foundation.jobs.PhaseChange> phaseHistory,
            @JsonInclude(JsonInclude.Include.NON_NULL) JobStatus.Progress progress,
            @JsonInclude(JsonInclude.Include.NON_NULL) String cancelRequestedBy) {

        static BackupView of(Backup backup) {
            return of(backup, null, false);
        }

        /** Everything about one backup: with its stored request, history and, while it runs, its job's progress. */
        static BackupView of(Backup backup, JobStatus job, boolean details) {
            return new BackupView(
                    backup.name,
                    backup.cluster,
                    backup.phase,
                    backup.storageLocation,
                    backup.schedule,
                    backup.createdAt,
                    backup.startedAt,
                    backup.completedAt,
                    backup.failureReason,
                    backup.uri,
                    backup.manifestSha256,
                    backup.sizeBytes,
                    backup.totalItems,
                    itemCounts(backup.itemCounts),
                    backup.warnings,
                    backup.errors,
                    backup.dataTimestamp,
                    backup.expiresAt,
                    backup.requestedBy,
                    backup.requestedAt,
                    details ? Json.tree(backup.request) : null,
                    backup.etcdRevision,
                    backup.etcdKeys,
                    details ? Json.tree(backup.volumeSnapshots) : null,
                    details
                            ? io.day2ops.foundation.jobs.PhaseChange.history(
                                    backup.createdAt, backup.startedAt, backup.completedAt, backup.phase)
                            : null,
                    job == null ? null : job.progress(),
                    job == null ? null : job.cancelRequestedBy());
        }

        private static Map<String, Integer> itemCounts(String json) {
            if (json == null) {
                return null;
            }
            try {
                return Json.MAPPER.readValue(json, new TypeReference<Map<String, Integer>>() {});
            } catch (java.io.IOException e) {
                throw new IllegalStateException("item_counts of a backup is not JSON", e);
            }
        }
    }

    /**
     * {@code velero backup create}: the body is a {@code BackupRequested} (its schema), published through the outbox
     * as the caller ({@code /users/<name>}); 202 with Location {@code /backups/<name>}, 409 if the name is taken.
     */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        return commands.submit(
                EventType.BACKUP_REQUESTED,
                body,
                "backup",
                "/backups",
                caller,
                name -> backups.findByName(name).map(java.util.Objects::nonNull));
    }

    @GET
    public Uni<List<BackupView>> list(
            @QueryParam("cluster") String cluster,
            @QueryParam("phase") String phase,
            @QueryParam("schedule") String schedule,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadRequestProblem("limit", "must be between 1 and 1000, was " + limit);
        }
        return backups.search(Optional.ofNullable(cluster), parsePhase(phase), Optional.ofNullable(schedule), limit)
                .map(found -> found.stream().map(BackupView::of).toList());
    }

    /**
     * {@code velero backup describe [--details]}: the record with its stored request, phase history and, while it runs,
     * progress; with {@code details=true} also what its manifest and log in storage hold (read and checked against
     * the catalog's sha256): the etcd snapshot with its verification, hooks, volumes skipped, and the first warning
     * and error messages.
     */
    @GET
    @Path("/{name}")
    public Uni<com.fasterxml.jackson.databind.JsonNode> describe(
            @PathParam("name") String name, @QueryParam("details") boolean details) {
        return describe(name).chain(backup -> {
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.valueToTree(backup);
            if (!details || backup.manifestSha256() == null) {
                return Uni.createFrom().item(tree);
            }
            return files.details(name, backup).map(found -> tree.set("details", found));
        });
    }

    /** The backup as the API shows it, for this resource's own use (404 when there is none). */
    Uni<BackupView> describe(String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        return backups.describe(name).chain(backup -> {
            if (backup == null) {
                throw new NotFoundProblem("backup '" + name + "' does not exist");
            }
            return jobs.status(BackupJob.KIND, name).map(job -> BackupView.of(backup, job, true));
        });
    }

    /**
     * Cancels a New or InProgress backup: it stops at its next write, phase {@code Cancelled}, {@code BackupFailed}
     * with {@code cancelledBy}. 202 while it stops, 200 if cancelled already, 409 once it ended otherwise.
     */
    @POST
    @Path("/{name}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> cancel(@PathParam("name") String name) {
        return describe(name)
                .chain(backup -> cancels.cancel(BackupJob.KIND, "backup", name, "/backups/" + name, caller));
    }

    /** The backup's log, as {@code velero backup logs} prints it. */
    @GET
    @Path("/{name}/logs")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> logs(@PathParam("name") String name) {
        return describe(name).chain(backup -> {
            StorageLocation location = backup.storageLocation() == null
                    ? null
                    : locations.byName(backup.storageLocation()).orElse(null);
            if (backup.phase() == BackupPhase.New || backup.phase() == BackupPhase.InProgress) {
                return jobs.logTail(BackupJob.KIND, name)
                        .map(tail -> tail == null
                                ? "# backup " + name + " is " + backup.phase() + "; nothing logged yet\n"
                                : "# backup " + name + " is " + backup.phase() + ": its log so far (the last 64 KiB)\n"
                                        + tail);
            }
            if (location == null || backup.manifestSha256() == null) {
                throw new NotFoundProblem("backup '" + name + "' is " + backup.phase() + " and has no log in storage"
                        + (backup.failureReason() == null ? "" : "; it failed: " + backup.failureReason()));
            }
            return VertxContexts.blocking(() -> {
                try (InputStream in = location.open(name, BackupManifest.LOG)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new NotFoundProblem(
                            "backup '" + name + "' has no " + BackupManifest.LOG + " in " + location.uri(name));
                }
            });
        });
    }

    /**
     * The backup's etcd snapshot, verified against the manifest's sha256 before it is served, from whichever location
     * holds it (filesystem or S3): what dr-service restores into a scratch etcd to prove it.
     */
    @GET
    @Path("/{name}/etcd-snapshot")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed(Roles.ADMIN)
    public RestMulti<byte[]> etcdSnapshot(@PathParam("name") String name) {
        return files.etcdSnapshot(name, describe(name));
    }

    /**
     * {@code velero backup download}: the whole backup as one tar (its manifest and every part as stored, each part
     * verified against the manifest before the first byte is sent; Secrets and the etcd snapshot stay encrypted).
     */
    @GET
    @Path("/{name}/download")
    @Produces("application/x-tar")
    @RolesAllowed(Roles.ADMIN)
    public RestMulti<byte[]> download(@PathParam("name") String name) {
        return files.archive(name, describe(name));
    }

    /** Deletes a backup from storage and catalog ({@code velero backup delete}); one still being taken is refused. */
    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("name") String name) {
        return describe(name).chain(backup -> {
            if (backup.phase() == BackupPhase.New || backup.phase() == BackupPhase.InProgress) {
                return Uni.createFrom()
                        .item(new ProblemDetails(
                                        "about:blank",
                                        "Conflict",
                                        409,
                                        "backup '" + name + "' is " + backup.phase()
                                                + "; delete it once it has finished",
                                        List.of())
                                .toResponse());
            }
            // who deleted it goes into the deletion's log line (the catalog row goes with the backup) and the audit log
            return deletion.delete(
                            name,
                            backup.storageLocation(),
                            "deleted over REST by " + caller.getPrincipal().getName())
                    .replaceWith(Response.noContent().build());
        });
    }

    static Optional<BackupPhase> parsePhase(String phase) {
        if (phase == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(BackupPhase.valueOf(phase));
        } catch (IllegalArgumentException e) {
            throw new BadRequestProblem(
                    "phase", "'" + phase + "' is not one of " + Arrays.toString(BackupPhase.values()));
        }
    }
}
