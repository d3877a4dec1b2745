package io.day2ops.dr.service;

import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillTimeline;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.DrillCompleted;
import io.day2ops.events.EventCodec;
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
import java.time.Instant;

/**
 * Runs a drill and answers {@code DrillCompleted}. Today it checks what a drill needs before it can restore: both
 * clusters configured, the target's API answering. Restore through backup-service and verification (issue 7) are
 * not built yet, so every drill completes as failed and says so; no RTO or RPO is reported that was not measured.
 */
@ApplicationScoped
public class DrillJob implements JobHandler {

    public static final String KIND = "drill";
    static final String RESTORE_NOT_AVAILABLE =
            "restore and verification are not available in this build of dr-service; nothing was restored";

    private final DrillRepository drills;
    private final ClusterConnections clusters;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;

    public DrillJob(
            DrillRepository drills,
            ClusterConnections clusters,
            EventOutbox outbox,
            JobQueue jobs,
            EventCodec codec,
            Clock clock) {
        this.drills = drills;
        this.clusters = clusters;
        this.outbox = outbox;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(ClaimedJob job) {
        DrillTimeline timeline = new DrillTimeline(clock);
        Instant startedAt = clock.instant();
        timeline.step("drill-started", "attempt " + job.attempts());
        return Panache.withSession(() -> drills.findByName(job.name())).chain(drill -> {
            if (drill == null) {
                return Panache.withTransaction(
                        () -> jobs.finish(job, JobPhase.Failed, "drill " + job.name() + " not found"));
            }
            return preflight(drill, timeline).chain(() -> {
                if (timeline.allChecksPassed()) {
                    timeline.check("restore", false, RESTORE_NOT_AVAILABLE);
                }
                return Panache.withTransaction(() -> complete(job, drill.name, startedAt, timeline));
            });
        });
    }

    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        DrillTimeline timeline = new DrillTimeline(clock).check("drill-run", false, reason);
        return Panache.withTransaction(() -> complete(job, job.name(), null, timeline));
    }

    private Uni<Void> preflight(Drill drill, DrillTimeline timeline) {
        boolean sourceKnown = clusters.isConfigured(drill.cluster);
        timeline.check(
                "source-cluster-configured",
                sourceKnown,
                sourceKnown
                        ? "cluster '" + drill.cluster + "' is configured"
                        : clusters.unknownClusterMessage(drill.cluster));
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
                                + failure.getMessage()))
                .invoke(() -> timeline.step("preflight-checked", null))
                .replaceWithVoid();
    }

    private Uni<Void> complete(ClaimedJob job, String name, Instant startedAt, DrillTimeline timeline) {
        Instant now = clock.instant();
        return drills.findByName(name).chain(drill -> {
            boolean passed = timeline.allChecksPassed();
            timeline.step("drill-completed", passed ? "passed" : "failed");
            drill.passed = passed;
            drill.failureReason = passed ? null : timeline.firstFailure();
            drill.startedAt = startedAt;
            drill.completedAt = now;
            DrillCompleted event = new DrillCompleted(
                    drill.name,
                    drill.cluster,
                    drill.targetCluster,
                    drill.backupName,
                    passed,
                    drill.failureReason,
                    drill.rtoObjectiveMillis,
                    drill.rtoMeasuredMillis,
                    drill.rpoObjectiveMillis,
                    drill.rpoMeasuredMillis,
                    timeline.checks(),
                    timeline.steps(),
                    startedAt == null ? now : startedAt,
                    now);
            drill.report = codec.toJson(event);
            Log.infof("drill %s %s: %s", drill.name, passed ? "passed" : "failed", drill.failureReason);
            return outbox.publish(event)
                    .chain(() -> jobs.finish(job, passed ? JobPhase.Completed : JobPhase.Failed, drill.failureReason));
        });
    }
}
