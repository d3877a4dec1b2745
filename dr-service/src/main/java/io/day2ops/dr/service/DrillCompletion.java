package io.day2ops.dr.service;

import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.domain.DrillTimeline;
import io.day2ops.dr.domain.DrillVerdict;
import io.day2ops.events.DrillCompleted;
import io.day2ops.events.EventCodec;
import io.day2ops.events.FailoverCompleted;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Ends a drill, whatever stage it is in: the objectives compared with what was measured (a drill passes only when every
 * check passed AND both objectives held), the row, {@code DrillCompleted} and the job's end in the caller's
 * transaction, and the gauges once committed.
 */
@ApplicationScoped
public class DrillCompletion {

    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;
    private final DrillMetrics metrics;
    private final Fences fences;

    public DrillCompletion(
            EventOutbox outbox, JobQueue jobs, EventCodec codec, Clock clock, DrillMetrics metrics, Fences fences) {
        this.fences = fences;
        this.outbox = outbox;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Completes {@code drill} (managed, in a transaction). {@code rtoMeasured} is null when verification never passed.
     * {@code job} is ended too when given.
     */
    public Uni<Void> complete(Drill drill, DrillTimeline timeline, Duration rtoMeasured, ClaimedJob job) {
        return complete(drill, timeline, rtoMeasured, job, null);
    }

    /**
     * Completes {@code drill} (managed, in a transaction) as cancelled by {@code cancelledBy}, in whatever phase it was:
     * failed, with a {@code cancelled} check saying who and where, and {@code cancelledBy} on its answer event. Its
     * restore, if it asked for one, goes on in backup-service (cancel it there: {@code POST /restores/<name>/cancel});
     * its answer no longer changes the drill. {@code job} is ended too when given.
     */
    public Uni<Void> cancel(Drill drill, String cancelledBy, ClaimedJob job) {
        DrillTimeline timeline = DrillTimeline.restore(drill.timeline, clock)
                .check(
                        "cancelled",
                        false,
                        "cancelled by " + cancelledBy + " while " + drill.phase
                                + (drill.restoreName == null || drill.phase == DrillPhase.New
                                        ? ""
                                        : " (restore " + drill.restoreName + " goes on in backup-service unless"
                                                + " cancelled there)"));
        return complete(drill, timeline, null, job, cancelledBy);
    }

    private Uni<Void> complete(
            Drill drill, DrillTimeline timeline, Duration rtoMeasured, ClaimedJob job, String cancelledBy) {
        Instant now = clock.instant();
        drill.rtoMeasuredMillis = rtoMeasured == null ? null : rtoMeasured.toMillis();
        boolean passed = DrillVerdict.decide(
                timeline,
                drill.rtoObjectiveMillis,
                drill.rtoMeasuredMillis,
                drill.rpoObjectiveMillis,
                drill.rpoMeasuredMillis);
        timeline.step("drill-completed", passed ? "passed" : "failed");
        drill.passed = passed;
        drill.failureReason = passed ? null : reason(timeline);
        drill.moveTo(DrillPhase.Completed);
        drill.completedAt = now;
        drill.timeline = timeline.json();
        Instant startedAt = drill.startedAt == null ? now : drill.startedAt;
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
                startedAt,
                now,
                null,
                cancelledBy);
        drill.report = codec.toJson(event);
        Log.infof(
                "%s %s (%s -> %s) %s: RTO %s, RPO %s%s",
                drill.kind,
                drill.name,
                drill.cluster,
                drill.targetCluster,
                passed ? "passed" : "failed",
                text(drill.rtoMeasuredMillis),
                text(drill.rpoMeasuredMillis),
                passed ? "" : " (" + drill.failureReason + ")");
        boolean failover = drill.isFailover();
        Uni<Void> published = failover
                ? outbox.publish(new FailoverCompleted(
                                drill.name,
                                drill.cluster,
                                drill.targetCluster,
                                drill.backupName,
                                passed,
                                drill.failureReason,
                                drill.rtoMeasuredMillis,
                                drill.rpoMeasuredMillis,
                                timeline.checks(),
                                timeline.steps(),
                                startedAt,
                                now,
                                null,
                                cancelledBy,
                                drill.failbackOf))
                        .chain(() -> passed && drill.failbackOf != null
                                ? fences.unfenceAfter(drill)
                                : Uni.createFrom().voidItem())
                        .chain(() -> passed
                                ? fences.schedule(drill)
                                : Uni.createFrom().voidItem())
                        .replaceWithVoid()
                : outbox.publish(event).replaceWithVoid();
        if (job != null) {
            published = published.chain(() -> jobs.finish(
                    job,
                    cancelledBy != null ? JobPhase.Cancelled : passed ? JobPhase.Completed : JobPhase.Failed,
                    drill.failureReason));
        }
        return published.invoke(() -> {
            metrics.counted(failover ? "failover" : "drill", passed, Duration.between(startedAt, now));
            if (!failover) {
                metrics.record(drill);
            }
        });
    }

    private static String reason(DrillTimeline timeline) {
        String failure = timeline.firstFailure();
        return failure == null ? "the target was never verified" : failure;
    }

    private static String text(Long millis) {
        return DrillVerdict.text(millis);
    }
}
