package io.day2ops.dr.service;

import io.day2ops.dr.config.DrConfig;
import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.domain.DrillTimeline;
import io.day2ops.dr.domain.DrillVerdict;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.DrainRequested;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.GoDuration;
import io.day2ops.events.InvalidEventException;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A drill's first stage: preflight (both clusters configured, the target's API answering), the backup resolved
 * ({@code latest} = the newest Completed one seen on {@code SnapshotTaken}), the RPO measured, and the restore asked of
 * backup-service with {@code RestoreRequested} — all in one transaction with the drill moving to {@code Restoring}. The
 * answer ({@code RestoreCompleted}) starts verification; a drill that cannot proceed completes as failed at once.
 */
@ApplicationScoped
public class DrillJob implements JobHandler {

    public static final String KIND = "drill";

    private final DrillRepository drills;
    private final ClusterConnections clusters;
    private final KnownBackups backups;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;
    private final DrillCompletion completion;
    private final DrillRestores restores;
    private final DrConfig.Drill config;

    public DrillJob(
            DrillRepository drills,
            ClusterConnections clusters,
            KnownBackups backups,
            EventOutbox outbox,
            JobQueue jobs,
            EventCodec codec,
            Clock clock,
            DrillCompletion completion,
            DrillRestores restores,
            DrConfig config) {
        this.drills = drills;
        this.clusters = clusters;
        this.backups = backups;
        this.outbox = outbox;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
        this.completion = completion;
        this.restores = restores;
        this.config = config.drill();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(ClaimedJob job) {
        Instant startedAt = clock.instant();
        DrillTimeline timeline = new DrillTimeline(clock);
        timeline.step("drill-started", "attempt " + job.attempts());
        return Panache.withSession(() -> drills.findByName(job.name())).chain(found -> {
            if (found == null) {
                return Panache.withTransaction(
                        () -> jobs.finish(job, JobPhase.Failed, "drill " + job.name() + " not found"));
            }
            if (found.phase != DrillPhase.New) {
                // a worker died after this stage committed: the drill has moved on already
                return Panache.withTransaction(() -> jobs.finish(job, JobPhase.Completed, "already " + found.phase));
            }
            DrillRequested request;
            try {
                request = codec.parse(EventType.DRILL_REQUESTED, found.request);
            } catch (InvalidEventException e) {
                timeline.check("request", false, "the stored request no longer parses: " + e.getMessage());
                return Panache.withTransaction(() ->
                        drills.findByName(job.name()).chain(drill -> completion.complete(drill, timeline, null, job)));
            }
            return preflight(found, timeline)
                    .chain(() -> Panache.withTransaction(() -> drills.findByName(job.name())
                            .chain(drill -> {
                                drill.startedAt = startedAt;
                                if (!timeline.allChecksPassed()) {
                                    return completion.complete(drill, timeline, null, job);
                                }
                                return backups.resolve(drill.cluster, drill.backupName)
                                        .chain(backup -> backup == null
                                                ? completion.complete(
                                                        drill,
                                                        timeline.check("backup", false, missing(drill)),
                                                        null,
                                                        job)
                                                : requestRestore(job, drill, request, backup, timeline, startedAt));
                            })));
        });
    }

    private Uni<Void> requestRestore(
            ClaimedJob job,
            Drill drill,
            DrillRequested request,
            KnownBackups.KnownBackup backup,
            DrillTimeline timeline,
            Instant startedAt) {
        Duration timeout = request.timeout() == null ? config.defaultTimeout() : GoDuration.parse(request.timeout());
        drill.backupName = backup.name();
        drill.backupDataAt = backup.dataTimestamp();
        drill.rpoMeasuredMillis =
                DrillVerdict.rpo(backup.dataTimestamp(), startedAt).toMillis();
        drill.deadlineAt = startedAt.plus(timeout);
        drill.restoreName = restoreName(drill.name);
        timeline.check(
                "backup", true, backup.name() + " (" + backup.phase() + ", data from " + backup.dataTimestamp() + ")");
        if (Boolean.TRUE.equals(request.drainSource())) {
            drill.moveTo(DrillPhase.Draining);
            timeline.step(
                    "drain-requested",
                    "the module's DR test: draining every node of " + drill.cluster + " through upgrade-service");
            drill.timeline = timeline.json();
            Log.infof("drill %s: draining %s first (the module's DR test)", drill.name, drill.cluster);
            return outbox.publish(new DrainRequested(
                            drill.restoreName,
                            drill.cluster,
                            List.of(),
                            false,
                            GoDuration.format(config.drainTimeout()),
                            true))
                    .chain(() -> jobs.finish(job, JobPhase.Completed, "drain " + drill.restoreName + " requested"));
        }
        return restores.request(drill, request, timeline)
                .chain(() -> jobs.finish(job, JobPhase.Completed, "restore " + drill.restoreName + " requested"));
    }

    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        DrillTimeline timeline = new DrillTimeline(clock).check("drill-run", false, reason);
        return Panache.withTransaction(() -> drills.findByName(job.name())
                .chain(drill -> drill == null
                        ? jobs.finish(job, JobPhase.Failed, reason)
                        : completion.complete(drill, timeline, null, job)));
    }

    private Uni<Void> preflight(Drill drill, DrillTimeline timeline) {
        if (!drill.isFailover()) {
            // a failover's source is gone by definition; a drill's must be known
            boolean sourceKnown = clusters.isConfigured(drill.cluster);
            timeline.check(
                    "source-cluster-configured",
                    sourceKnown,
                    sourceKnown
                            ? "cluster '" + drill.cluster + "' is configured"
                            : clusters.unknownClusterMessage(drill.cluster));
        }
        if (!clusters.isConfigured(drill.targetCluster)) {
            timeline.check("target-cluster-reachable", false, clusters.unknownClusterMessage(drill.targetCluster));
            return Uni.createFrom().voidItem();
        }
        return VertxContexts.blocking(() -> clusters.serverVersion(drill.targetCluster))
                .map(version ->
                        timeline.check("target-cluster-reachable", true, "API server answers, version " + version))
                .onFailure()
                .recoverWithItem(failure -> timeline.check(
                        "target-cluster-reachable",
                        false,
                        "the API server of cluster '" + drill.targetCluster + "' did not answer: "
                                + rootCause(failure)))
                .invoke(() -> timeline.step("preflight-checked", null))
                .replaceWithVoid();
    }

    /** The innermost cause's message: fabric8 wraps "Connection refused" in "An error has occurred.". */
    static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cause == failure ? message : failure.getMessage() + " (" + message + ")";
    }

    private static String missing(Drill drill) {
        return drill.backupName == null || drill.backupName.equals("latest")
                ? "no Completed backup of cluster '" + drill.cluster + "' is known (none seen on SnapshotTaken)"
                : "backup '" + drill.backupName + "' is not known (no SnapshotTaken seen for it)";
    }

    /** The restore's name: {@code drill-<drill>}, shortened with a hash when that would be too long. */
    static String restoreName(String drill) {
        String name = "drill-" + drill;
        if (name.length() <= 253) {
            return name;
        }
        return name.substring(0, 244) + "-" + Integer.toHexString(drill.hashCode());
    }
}
