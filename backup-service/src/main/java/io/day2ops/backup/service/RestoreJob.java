package io.day2ops.backup.service;

import io.day2ops.backup.config.BackupConfig;
import io.day2ops.backup.domain.Backup;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.domain.Restore;
import io.day2ops.backup.hooks.HookExecutor;
import io.day2ops.backup.hooks.HookPolicy;
import io.day2ops.backup.repository.BackupRepository;
import io.day2ops.backup.repository.RestoreRepository;
import io.day2ops.backup.restore.RestoreItem;
import io.day2ops.backup.restore.RestoreItem.Action;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreRunner;
import io.day2ops.backup.restore.RestoreTally;
import io.day2ops.backup.storage.StorageLocation;
import io.day2ops.backup.storage.StorageLocations;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.HookResult;
import io.day2ops.events.InvalidEventException;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.RestoreRequested;
import io.day2ops.events.VeleroFields;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.foundation.security.RequestPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Runs a restore job: checks that the backup exists and is usable and that the target cluster is configured, then
 * {@link RestoreRunner} on a worker thread, then the catalog entry, {@code RestoreCompleted} and the job's end in one
 * transaction. Every way a restore cannot proceed ends {@code Failed} with the reason, never silently.
 */
@ApplicationScoped
public class RestoreJob implements JobHandler {

    public static final String KIND = "restore";

    private final RestoreRepository restores;
    private final BackupRepository backups;
    private final ClusterConnections clusters;
    private final StorageLocations locations;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;
    private final BackupEncryption encryption;
    private final int concurrency;
    private final HookPolicy redaction;
    private final List<RestoreItemAction> actions;
    private final RequestPolicy policy;

    private final io.day2ops.foundation.jobs.JobRunner workers;

    public RestoreJob(
            RestoreRepository restores,
            BackupRepository backups,
            ClusterConnections clusters,
            StorageLocations locations,
            EventOutbox outbox,
            JobQueue jobs,
            EventCodec codec,
            Clock clock,
            BackupConfig config,
            @All List<RestoreItemAction> actions,
            RequestPolicy policy,
            BackupEncryption encryption,
            io.day2ops.foundation.jobs.JobRunner workers) {
        this.workers = workers;
        this.restores = restores;
        this.backups = backups;
        this.clusters = clusters;
        this.locations = locations;
        this.outbox = outbox;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
        this.encryption = encryption;
        this.concurrency = config.restore().concurrency();
        this.redaction = new HookPolicy(
                config.backup().hooks().enabled(),
                config.backup().hooks().redactPatterns().orElse(List.of()),
                config.backup().hooks().maxTimeout());
        this.actions = actions;
        this.policy = policy;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** What the restore needs, found in one transaction. */
    private record Plan(RestoreRequested request, StorageLocation location, String manifestSha256) {}

    @Override
    public Uni<Void> run(ClaimedJob job) {
        Instant startedAt = clock.instant();
        return Panache.withTransaction(() -> restores.findByName(job.name()).chain(restore -> {
                    if (restore == null) {
                        return jobs.finish(job, JobPhase.Failed, "restore " + job.name() + " is not in the catalog")
                                .replaceWith((Plan) null);
                    }
                    String refusal = refusal(restore);
                    String unsupported = VeleroFields.refusal(EventType.RESTORE_REQUESTED, Json.tree(restore.request));
                    if (refusal == null && unsupported != null) {
                        refusal = "Rejected: " + unsupported;
                    }
                    if (refusal != null) {
                        return fail(job, restore, startedAt, refusal).replaceWith((Plan) null);
                    }
                    return backups.findByName(restore.backupName).chain(backup -> {
                        if (backup == null && clusters.isConfigured(restore.cluster)) {
                            return fromStorage(job, restore, startedAt);
                        }
                        String problem = problem(restore, backup);
                        if (problem != null) {
                            return fail(job, restore, startedAt, problem).replaceWith((Plan) null);
                        }
                        restore.phase = BackupPhase.InProgress;
                        restore.startedAt = startedAt;
                        return Uni.createFrom()
                                .item(new Plan(
                                        request(restore),
                                        locations.byName(backup.storageLocation).orElseThrow(),
                                        backup.manifestSha256));
                    });
                }))
                .chain(plan -> plan == null ? Uni.createFrom().voidItem() : restore(job, plan, startedAt));
    }

    /**
     * A backup this service has no catalog entry for, looked for in every storage location (as Velero syncs a
     * bucket): what a standby site restoring from a ReadOnly location needs. Its manifest cannot be checked against a
     * recorded sha256, so the restore says so in the log; every part is still checked against the manifest.
     */
    private Uni<Plan> fromStorage(ClaimedJob job, Restore restore, Instant startedAt) {
        return VertxContexts.blocking(() -> locations.findBackup(restore.backupName))
                .chain(found -> {
                    if (found.isEmpty()) {
                        return fail(
                                        job,
                                        restore,
                                        startedAt,
                                        "backup '" + restore.backupName + "' does not exist: not in the catalog of this"
                                                + " backup-service, and no storage location (" + locations.names()
                                                + ") holds a manifest for it")
                                .replaceWith((Plan) null);
                    }
                    Log.warnf(
                            "restore %s: backup %s is not in the catalog; found in storage location %s, its manifest is"
                                    + " trusted without a recorded sha256",
                            restore.name, restore.backupName, found.get().name());
                    restore.phase = BackupPhase.InProgress;
                    restore.startedAt = startedAt;
                    return Uni.createFrom().item(new Plan(request(restore), found.get(), null));
                });
    }

    /**
     * Why the request policy refuses the restore, or null: it expired on the way, or it would update existing objects
     * in a protected cluster and its sender is not allowed to.
     */
    private String refusal(Restore restore) {
        String existing = request(restore).existingResourcePolicy();
        boolean updates = ("update".equals(existing) || "recreate".equals(existing)) && !restore.dryRun;
        return policy.refusal(
                new RequestPolicy.Request(
                        EventType.RESTORE_REQUESTED.ceType(),
                        restore.requestedBy,
                        restore.requestedAt,
                        restore.createdAt),
                updates ? RequestPolicy.Action.RESTORE_UPDATE : null,
                restore.cluster);
    }

    /** Why a restore cannot start, or null. */
    private String problem(Restore restore, Backup backup) {
        if (backup == null) {
            return "backup '" + restore.backupName + "' does not exist in the catalog of this backup-service";
        }
        if (backup.phase != BackupPhase.Completed && backup.phase != BackupPhase.PartiallyFailed) {
            return "backup '" + backup.name + "' is " + backup.phase + "; only Completed or PartiallyFailed backups"
                    + " can be restored";
        }
        if (!clusters.isConfigured(restore.cluster)) {
            return clusters.unknownClusterMessage(restore.cluster);
        }
        if (locations.byName(backup.storageLocation).isEmpty()) {
            return "backup '" + backup.name + "' is in " + locations.unknownLocationMessage(backup.storageLocation);
        }
        return null;
    }

    private Uni<Void> restore(ClaimedJob job, Plan plan, Instant startedAt) {
        KubernetesClient client = clusters.client(plan.request().cluster()).orElseThrow();
        RestoreRunner runner = new RestoreRunner(
                client,
                plan.location(),
                encryption.decryption(plan.location()),
                concurrency,
                actions,
                policy.systemNamespaces(),
                redaction);
        // per object: a restore that stops advancing fails as stuck; one cancelled or lost stops before its next object
        runner.watchedBy(workers.progress(job), workers.fence(job));
        return VertxContexts.blocking(() -> {
                    runner.run(plan.request(), plan.manifestSha256());
                    return new Outcome(runner.items(), runner.volumesRestored(), runner.hookResults());
                })
                .onItemOrFailure()
                .transformToUni((outcome, failure) -> Panache.withTransaction(() -> restores.findByName(job.name())
                        .chain(restore -> {
                            if (failure != null) {
                                String reason =
                                        failure.getMessage() == null ? failure.toString() : failure.getMessage();
                                return fail(job, restore, startedAt, reason);
                            }
                            return complete(job, restore, outcome);
                        })));
    }

    /** What a restore that ran did: per object, volumes from snapshots, hooks. */
    private record Outcome(List<RestoreItem> items, int volumesRestored, List<HookResult> hooks) {}

    private Uni<Void> complete(ClaimedJob job, Restore restore, Outcome outcome) {
        List<RestoreItem> items = outcome.items();
        List<HookResult> failedHooks = outcome.hooks().stream()
                .filter(h -> !h.succeeded() && "Fail".equals(h.onError()))
                .toList();
        RestoreTally tally = RestoreTally.of(items, request(restore).existingResourcePolicy());
        long restored = tally.restored();
        long skipped = tally.skipped();
        long conflicts = tally.conflicts();
        int errors = (int) tally.failed() + failedHooks.size();
        Instant now = clock.instant();
        restore.phase = errors > 0 ? BackupPhase.PartiallyFailed : BackupPhase.Completed;
        restore.completedAt = now;
        restore.itemsRestored = restored;
        restore.itemsSkipped = skipped;
        restore.conflicts = conflicts;
        restore.warnings = (int) conflicts + ignored(restore).size();
        restore.errors = errors;
        restore.failureReason = errors > 0
                ? items.stream()
                        .filter(i -> i.action() == Action.Failed)
                        .findFirst()
                        .map(i -> errors + " errors, first " + i.resource() + " " + i.namespace() + "/" + i.name()
                                + ": " + i.message())
                        .orElseGet(() -> errors + " errors, first " + HookExecutor.describe(failedHooks.get(0)))
                : null;
        restore.results = json(items);
        Log.infof(
                "restore %s of backup %s into %s %s: %d restored, %d skipped, %d conflicts, %d errors",
                restore.name, restore.backupName, restore.cluster, restore.phase, restored, skipped, conflicts, errors);
        JobPhase phase = errors > 0 ? JobPhase.PartiallyFailed : JobPhase.Completed;
        return outbox.publish(event(restore, RestoreTally.workloads(items), outcome.volumesRestored(), outcome.hooks()))
                .chain(() -> jobs.finish(job, phase, restore.failureReason));
    }

    private Uni<Void> fail(ClaimedJob job, Restore restore, Instant startedAt, String reason) {
        restore.phase = BackupPhase.Failed;
        restore.startedAt = restore.startedAt == null ? startedAt : restore.startedAt;
        restore.completedAt = clock.instant();
        restore.failureReason = reason;
        restore.itemsRestored = 0L;
        restore.itemsSkipped = 0L;
        restore.conflicts = 0L;
        restore.warnings = 0;
        restore.errors = 0;
        Log.warnf(
                "restore %s of backup %s into %s failed: %s",
                restore.name, restore.backupName, restore.cluster, reason);
        return outbox.publish(event(restore)).chain(() -> jobs.finish(job, JobPhase.Failed, reason));
    }

    /**
     * A cancelled restore: {@code Cancelled} on the record, {@code RestoreCompleted} (phase Failed, {@code
     * cancelledBy}) on the bus. Its worker stopped before its next object; what it created before stays in the
     * cluster (the reason says so), as Velero leaves a partial restore.
     */
    @Override
    public Uni<Void> cancel(ClaimedJob job, String requestedBy) {
        return Panache.withTransaction(() -> restores.findByName(job.name()).chain(restore -> {
            String reason = io.day2ops.foundation.jobs.JobHandler.cancelReason(requestedBy)
                    + "; objects it created before it stopped stay in cluster "
                    + (restore == null ? "?" : restore.cluster);
            if (restore == null) {
                return jobs.finish(job, JobPhase.Cancelled, reason);
            }
            Instant now = clock.instant();
            restore.startedAt = restore.startedAt == null ? now : restore.startedAt;
            restore.completedAt = now;
            restore.failureReason = reason;
            restore.itemsRestored = restore.itemsRestored == null ? 0L : restore.itemsRestored;
            restore.itemsSkipped = restore.itemsSkipped == null ? 0L : restore.itemsSkipped;
            restore.conflicts = restore.conflicts == null ? 0L : restore.conflicts;
            restore.warnings = restore.warnings == null ? 0 : restore.warnings;
            restore.errors = restore.errors == null ? 0 : restore.errors;
            Log.warnf("restore %s of backup %s into %s %s", restore.name, restore.backupName, restore.cluster, reason);
            restore.phase = BackupPhase.Failed; // the event's phase: its schema knows no Cancelled
            RestoreCompleted event = event(restore, List.of(), null, List.of(), requestedBy);
            restore.phase = BackupPhase.Cancelled;
            return outbox.publish(event).chain(() -> jobs.finish(job, JobPhase.Cancelled, reason));
        }));
    }

    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        return Panache.withTransaction(() -> restores.findByName(job.name())
                .chain(restore -> restore == null
                        ? jobs.finish(job, JobPhase.Failed, reason)
                        : fail(job, restore, clock.instant(), reason)));
    }

    private static RestoreCompleted event(Restore restore) {
        return event(restore, List.of(), null, List.of());
    }

    private static RestoreCompleted event(
            Restore restore, List<String> workloads, Integer volumesRestored, List<HookResult> hooks) {
        return event(restore, workloads, volumesRestored, hooks, null);
    }

    private static RestoreCompleted event(
            Restore restore,
            List<String> workloads,
            Integer volumesRestored,
            List<HookResult> hooks,
            String cancelledBy) {
        return new RestoreCompleted(
                restore.name,
                restore.cluster,
                restore.backupName,
                restore.phase,
                restore.itemsRestored,
                restore.itemsSkipped,
                restore.conflicts,
                restore.warnings,
                restore.errors,
                restore.failureReason,
                restore.dryRun,
                restore.drillName,
                restore.startedAt,
                restore.completedAt,
                workloads,
                volumesRestored,
                hooks,
                null,
                cancelledBy,
                ignored(restore));
    }

    /** Warnings for the request's fields day2ops does not act on (Velero's it does not implement, unknown ones). */
    private static List<String> ignored(Restore restore) {
        return restore.request == null
                ? List.of()
                : VeleroFields.warnings(EventType.RESTORE_REQUESTED, Json.tree(restore.request));
    }

    private RestoreRequested request(Restore restore) {
        try {
            return codec.parse(EventType.RESTORE_REQUESTED, restore.request);
        } catch (InvalidEventException e) {
            throw new IllegalStateException("restore " + restore.name + ": stored request is unreadable: " + e, e);
        }
    }

    private static String json(List<RestoreItem> items) {
        try {
            return Json.MAPPER.writeValueAsString(items);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
