package io.day2ops.backup.service;

import io.day2ops.backup.domain.Backup;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.repository.BackupRepository;
import io.day2ops.backup.storage.FencedOffException;
import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.InvalidEventException;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.VeleroFields;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobOutcome;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.jobs.JobRunner;
import io.day2ops.foundation.jobs.LostJobException;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.foundation.security.RequestPolicy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a backup job: {@code New → InProgress}, capture and storage on a worker thread ({@link BackupRunner}), then, in
 * one transaction, the catalog entry, {@code SnapshotTaken} (or {@code BackupFailed}) and the job's end. Requests for a
 * cluster this service has no connection for are failed in batches without a capture ({@link #settle}). A job whose
 * worker died is claimed again and starts the backup over; only a manifest makes a backup, so a half-written attempt
 * is never mistaken for one.
 */
@ApplicationScoped
public class BackupJob implements JobHandler {

    public static final String KIND = "backup";

    private final BackupRepository backups;
    private final ClusterConnections clusters;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final Clock clock;
    private final BackupRunner runner;
    private final EventCodec codec;
    private final RequestPolicy policy;
    private final JobRunner workers;

    private final io.day2ops.backup.repository.ObjectCatalog catalog;

    public BackupJob(
            BackupRepository backups,
            ClusterConnections clusters,
            EventOutbox outbox,
            JobQueue jobs,
            Clock clock,
            BackupRunner runner,
            EventCodec codec,
            RequestPolicy policy,
            JobRunner workers,
            io.day2ops.backup.repository.ObjectCatalog catalog) {
        this.catalog = catalog;
        this.backups = backups;
        this.workers = workers;
        this.clusters = clusters;
        this.outbox = outbox;
        this.jobs = jobs;
        this.clock = clock;
        this.runner = runner;
        this.codec = codec;
        this.policy = policy;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean settles() {
        return true;
    }

    /**
     * Fails, in one transaction, every claimed backup whose cluster this service has no connection for (and ends the
     * jobs whose catalog entry is gone); the others are left to {@link #run}.
     */
    @Override
    public Uni<List<ClaimedJob>> settle(List<ClaimedJob> claimed) {
        List<String> names = claimed.stream().map(ClaimedJob::name).toList();
        return Panache.withTransaction(() -> backups.lockClusters(names).chain(locked -> {
            List<ClaimedJob> toRun = new ArrayList<>();
            List<JobOutcome> outcomes = new ArrayList<>();
            Map<String, String> failures = new LinkedHashMap<>();
            for (ClaimedJob job : claimed) {
                BackupRepository.Locked backup = locked.get(job.name());
                String reason = backup == null
                        ? null
                        : problem(backup.cluster(), backup.requestedBy(), backup.requestedAt(), backup.createdAt());
                if (backup == null) {
                    outcomes.add(new JobOutcome(job, JobPhase.Failed, notInCatalog(job)));
                } else if (reason != null) {
                    failures.put(job.name(), reason);
                    outcomes.add(new JobOutcome(job, JobPhase.Failed, reason));
                } else {
                    toRun.add(job);
                }
            }
            if (outcomes.isEmpty()) {
                return Uni.createFrom().item(toRun);
            }
            return failAll(failures).chain(() -> jobs.finishAll(outcomes)).replaceWith(toRun);
        }));
    }

    /** Stores the backups as failed and publishes a {@code BackupFailed} for each, in the caller's transaction. */
    private Uni<Void> failAll(Map<String, String> reasons) {
        if (reasons.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return backups.failAll(reasons, now).chain(failed -> {
            List<BackupFailed> events = new ArrayList<>();
            for (BackupRepository.FailedBackup backup : failed) {
                String reason = reasons.get(backup.name());
                Log.warnf("backup %s of cluster %s failed: %s", backup.name(), backup.cluster(), reason);
                events.add(new BackupFailed(
                        backup.name(), backup.cluster(), reason, backup.startedAt(), now, backup.schedule()));
            }
            return outbox.publishAll(events);
        });
    }

    /** Why a backup cannot start: the request is refused by policy (expired) or its cluster is not configured. */
    private String problem(String cluster, String requestedBy, Instant requestedAt, Instant createdAt) {
        String refusal = policy.refusal(
                new RequestPolicy.Request(EventType.BACKUP_REQUESTED.ceType(), requestedBy, requestedAt, createdAt),
                null,
                cluster);
        if (refusal != null) {
            return refusal;
        }
        return clusters.isConfigured(cluster) ? null : clusters.unknownClusterMessage(cluster);
    }

    private static String notInCatalog(ClaimedJob job) {
        return "backup " + job.name() + " is not in the catalog";
    }

    @Override
    public Uni<Void> run(ClaimedJob job) {
        Instant startedAt = clock.instant();
        List<String> ignored = new java.util.concurrent.CopyOnWriteArrayList<>();
        return Panache.withTransaction(() -> backups.findByName(job.name()).chain(backup -> {
                    if (backup == null) {
                        return jobs.finish(job, JobPhase.Failed, notInCatalog(job))
                                .replaceWith((BackupRequested) null);
                    }
                    String problem = problem(backup.cluster, backup.requestedBy, backup.requestedAt, backup.createdAt);
                    com.fasterxml.jackson.databind.JsonNode sent = Json.tree(backup.request);
                    String unsupported = VeleroFields.refusal(EventType.BACKUP_REQUESTED, sent);
                    if (problem == null && unsupported != null) {
                        problem = "Rejected: " + unsupported;
                    }
                    ignored.addAll(VeleroFields.warnings(EventType.BACKUP_REQUESTED, sent));
                    if (problem != null) {
                        return fail(job, backup, problem).replaceWith((BackupRequested) null);
                    }
                    backup.phase = BackupPhase.InProgress;
                    backup.startedAt = startedAt;
                    backup.failureReason = null;
                    return Uni.createFrom().item(() -> request(backup));
                }))
                .chain(request ->
                        request == null ? Uni.createFrom().voidItem() : capture(job, request, startedAt, ignored));
    }

    /** @param ignored warnings for the request's fields day2ops does not act on, logged first */
    private Uni<Void> capture(ClaimedJob job, BackupRequested request, Instant startedAt, List<String> ignored) {
        java.util.function.BooleanSupplier held = workers.fence(job);
        io.day2ops.foundation.jobs.JobProgress progress = workers.progress(job);
        return VertxContexts.blocking(() -> runner.run(request, startedAt, held, progress, ignored))
                .onItemOrFailure()
                .transformToUni((result, failure) -> Panache.withTransaction(() -> backups.findByName(job.name())
                        .chain(backup -> {
                            if (backup == null) {
                                return jobs.finish(job, JobPhase.Failed, notInCatalog(job));
                            }
                            if (failure != null && failure.getCause() instanceof FencedOffException) {
                                // not a failed backup: another replica holds it now, or will once the lease ends
                                return Uni.createFrom().failure(new LostJobException(job));
                            }
                            if (failure != null) {
                                return fail(job, backup, reason(failure));
                            }
                            return complete(job, backup, request, result);
                        })));
    }

    private Uni<Void> complete(ClaimedJob job, Backup backup, BackupRequested request, BackupRunner.Result result) {
        BackupManifest manifest = result.manifest();
        Map<String, Integer> counts = new TreeMap<>();
        manifest.resources().forEach(entry -> counts.put(entry.resource(), entry.items()));
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        backup.phase = manifest.phase();
        backup.storageLocation = result.location();
        backup.uri = result.uri();
        backup.manifestSha256 = result.manifestPart().sha256();
        backup.sizeBytes = result.sizeBytes();
        backup.totalItems = total;
        backup.itemCounts = itemCountsJson(counts);
        backup.warnings = manifest.warnings();
        backup.errors = manifest.errors();
        backup.completedAt = manifest.completedAt();
        backup.dataTimestamp = manifest.dataTimestamp();
        backup.expiresAt = manifest.expiresAt();
        backup.volumeSnapshots = manifest.volumeSnapshots().isEmpty() ? null : json(manifest.volumeSnapshots());
        backup.dataKeyId =
                manifest.encryption() == null ? null : manifest.encryption().keyId();
        if (manifest.etcd() != null) {
            backup.etcdRevision = manifest.etcd().revision();
            backup.etcdKeys = manifest.etcd().keys();
        }
        SnapshotTaken event = new SnapshotTaken(
                backup.name,
                backup.cluster,
                manifest.phase(),
                result.location(),
                result.uri(),
                counts,
                total,
                result.sizeBytes(),
                result.manifestPart().sha256(),
                manifest.etcd(),
                manifest.warnings(),
                manifest.errors(),
                manifest.startedAt(),
                manifest.completedAt(),
                manifest.dataTimestamp(),
                manifest.expiresAt(),
                request.schedule(),
                manifest.volumeSnapshots(),
                manifest.volumesSkipped(),
                manifest.hooks(),
                result.errorMessages(),
                result.warningMessages(),
                null);
        JobPhase phase = manifest.phase() == BackupPhase.Completed ? JobPhase.Completed : JobPhase.PartiallyFailed;
        return catalog.index(backup.id, result.objects())
                .chain(() -> outbox.publish(event))
                .chain(() -> jobs.finish(job, phase, null));
    }

    private BackupRequested request(Backup backup) {
        try {
            return codec.parse(EventType.BACKUP_REQUESTED, backup.request);
        } catch (InvalidEventException e) {
            throw new IllegalStateException("backup " + backup.name + ": stored request is unreadable: " + e, e);
        }
    }

    private static String reason(Throwable failure) {
        return failure instanceof BackupRunner.BackupFailedException ? failure.getMessage() : failure.toString();
    }

    private static String itemCountsJson(Map<String, Integer> counts) {
        return json(counts);
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        return Panache.withTransaction(() -> backups.findByName(job.name())
                .chain(backup ->
                        backup == null ? jobs.finish(job, JobPhase.Failed, reason) : fail(job, backup, reason)));
    }

    /**
     * A cancelled backup: {@code Cancelled} on the record, {@code BackupFailed} with {@code cancelledBy} on the bus.
     * Its worker was stopped at its next write (fenced); the parts it stored before stay until the backup is deleted,
     * as a failed backup's do.
     */
    @Override
    public Uni<Void> cancel(ClaimedJob job, String requestedBy) {
        String reason = io.day2ops.foundation.jobs.JobHandler.cancelReason(requestedBy)
                + "; nothing it stored is usable (start a new backup when ready)";
        return Panache.withTransaction(() -> backups.findByName(job.name()).chain(backup -> {
            if (backup == null) {
                return jobs.finish(job, JobPhase.Cancelled, reason);
            }
            Instant now = clock.instant();
            backup.phase = BackupPhase.Cancelled;
            backup.failureReason = reason;
            backup.startedAt = backup.startedAt == null ? now : backup.startedAt;
            backup.completedAt = now;
            Log.warnf("backup %s of cluster %s %s", backup.name, backup.cluster, reason);
            BackupFailed event = new BackupFailed(
                    backup.name, backup.cluster, reason, backup.startedAt, now, backup.schedule, requestedBy);
            return catalog.forget(backup.name) // rows its capture wrote
                    .chain(() -> outbox.publish(event))
                    .chain(() -> jobs.finish(job, JobPhase.Cancelled, reason));
        }));
    }

    private Uni<Void> fail(ClaimedJob job, Backup backup, String reason) {
        Instant now = clock.instant();
        backup.phase = BackupPhase.Failed;
        backup.failureReason = reason;
        backup.startedAt = backup.startedAt == null ? now : backup.startedAt;
        backup.completedAt = now;
        Log.warnf("backup %s of cluster %s failed: %s", backup.name, backup.cluster, reason);
        BackupFailed event =
                new BackupFailed(backup.name, backup.cluster, reason, backup.startedAt, now, backup.schedule);
        return catalog.forget(backup.name) // rows its capture wrote
                .chain(() -> outbox.publish(event))
                .chain(() -> jobs.finish(job, JobPhase.Failed, reason));
    }
}
