package io.day2ops.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A failover ended: the standby serves what was restored, verified, with the RTO and RPO it took — or why not.
 *
 * @param name the failover's name
 * @param cluster the cluster that failed
 * @param targetCluster the standby
 * @param backupName the backup restored (resolved when {@code latest} was asked)
 * @param succeeded whether the standby was restored and every verification passed
 * @param failureReason why it did not succeed
 * @param rtoMillis failover start to the last verification passed; absent when it never got there
 * @param rpoMillis failover start minus the backup's data timestamp: the data lost; absent without a backup
 * @param checks every verification with its result
 * @param timeline the failover's steps in order, with their times
 * @param startedAt when the failover started
 * @param completedAt when it ended
 * @param omitted how many items of each capped list were left out to keep the event small (by list name);
 *     null when none
 * @param cancelledBy who cancelled the failover ({@code /users/<name>}), absent unless it was cancelled
 * @param failbackOf for a failback ({@code FailbackRequested}): the failover it reversed; then {@code cluster} is the
 *     standby failed back from and {@code targetCluster} the old primary. Absent for a failover
 */
public record FailoverCompleted(
        String name,
        String cluster,
        String targetCluster,
        String backupName,
        boolean succeeded,
        String failureReason,
        Long rtoMillis,
        Long rpoMillis,
        List<DrillCompleted.Check> checks,
        List<DrillCompleted.TimelineEntry> timeline,
        Instant startedAt,
        Instant completedAt,
        Map<String, Integer> omitted,
        String cancelledBy,
        String failbackOf)
        implements Day2Event {

    /** {@code FailoverCompleted} of a failover (not a failback). */
    public FailoverCompleted(
            String name,
            String cluster,
            String targetCluster,
            String backupName,
            boolean succeeded,
            String failureReason,
            Long rtoMillis,
            Long rpoMillis,
            List<DrillCompleted.Check> checks,
            List<DrillCompleted.TimelineEntry> timeline,
            Instant startedAt,
            Instant completedAt,
            Map<String, Integer> omitted,
            String cancelledBy) {
        this(
                name,
                cluster,
                targetCluster,
                backupName,
                succeeded,
                failureReason,
                rtoMillis,
                rpoMillis,
                checks,
                timeline,
                startedAt,
                completedAt,
                omitted,
                cancelledBy,
                null);
    }

    /** {@code FailoverCompleted} of a failover nobody cancelled. */
    public FailoverCompleted(
            String name,
            String cluster,
            String targetCluster,
            String backupName,
            boolean succeeded,
            String failureReason,
            Long rtoMillis,
            Long rpoMillis,
            List<DrillCompleted.Check> checks,
            List<DrillCompleted.TimelineEntry> timeline,
            Instant startedAt,
            Instant completedAt,
            Map<String, Integer> omitted) {
        this(
                name,
                cluster,
                targetCluster,
                backupName,
                succeeded,
                failureReason,
                rtoMillis,
                rpoMillis,
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

    public FailoverCompleted {
        Map<String, Integer> left = Bounded.counts(omitted);
        checks = Bounded.cap(checks, MAX_CHECKS, "checks", left);
        timeline = Bounded.cap(timeline, MAX_TIMELINE, "timeline", left);
        omitted = Bounded.done(left);
    }

    @Override
    public String subject() {
        return name;
    }
}
