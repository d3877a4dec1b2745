package io.day2ops.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A drill ended, passed or failed, with the numbers that prove it.
 *
 * @param name the drill's name
 * @param cluster the source cluster
 * @param targetCluster the cluster restored into
 * @param backupName the backup that was restored (resolved when {@code latest} was asked)
 * @param passed whether every check passed and both objectives held
 * @param failureReason why the drill failed, for a failed drill
 * @param rtoObjectiveMillis the RTO objective
 * @param rtoMeasuredMillis drill start to the last verification passed; absent when it never got there
 * @param rpoObjectiveMillis the RPO objective
 * @param rpoMeasuredMillis drill start minus the backup's data timestamp; absent without a backup
 * @param checks every verification with its result
 * @param timeline the drill's steps in order, with their times
 * @param startedAt when the drill started
 * @param completedAt when it ended
 * @param omitted how many items of each capped list were left out to keep the event small (by list name);
 *     null when none
 * @param cancelledBy who cancelled the drill ({@code /users/<name>}), absent unless it was cancelled
 */
public record DrillCompleted(
        String name,
        String cluster,
        String targetCluster,
        String backupName,
        boolean passed,
        String failureReason,
        Long rtoObjectiveMillis,
        Long rtoMeasuredMillis,
        Long rpoObjectiveMillis,
        Long rpoMeasuredMillis,
        List<Check> checks,
        List<TimelineEntry> timeline,
        Instant startedAt,
        Instant completedAt,
        Map<String, Integer> omitted,
        String cancelledBy)
        implements Day2Event {

    /** {@code DrillCompleted} of a drill nobody cancelled. */
    public DrillCompleted(
            String name,
            String cluster,
            String targetCluster,
            String backupName,
            boolean passed,
            String failureReason,
            Long rtoObjectiveMillis,
            Long rtoMeasuredMillis,
            Long rpoObjectiveMillis,
            Long rpoMeasuredMillis,
            List<Check> checks,
            List<TimelineEntry> timeline,
            Instant startedAt,
            Instant completedAt,
            Map<String, Integer> omitted) {
        this(
                name,
                cluster,
                targetCluster,
                backupName,
                passed,
                failureReason,
                rtoObjectiveMillis,
                rtoMeasuredMillis,
                rpoObjectiveMillis,
                rpoMeasuredMillis,
                checks,
                timeline,
                startedAt,
                completedAt,
                omitted,
                null);
    }

    /** How many entries of {@code checks} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_CHECKS = 500;

    /** How many entries of {@code timeline} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_TIMELINE = 200;

    public DrillCompleted {
        Map<String, Integer> left = Bounded.counts(omitted);
        checks = Bounded.cap(checks, MAX_CHECKS, "checks", left);
        timeline = Bounded.cap(timeline, MAX_TIMELINE, "timeline", left);
        omitted = Bounded.done(left);
    }

    @Override
    public String subject() {
        return name;
    }

    /**
     * One verification.
     *
     * @param name what was checked, e.g. {@code rollout deployment/default/critical-app}
     * @param passed whether it held
     * @param message what was seen
     */
    public record Check(String name, boolean passed, String message) {}

    /**
     * One step of the drill.
     *
     * @param step the step, e.g. {@code restore-requested}, {@code restore-completed}, {@code verified}
     * @param at when it happened
     * @param message details
     */
    public record TimelineEntry(String step, Instant at, String message) {}
}
