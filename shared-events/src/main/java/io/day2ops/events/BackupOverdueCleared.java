package io.day2ops.events;

import java.time.Instant;

/**
 * A {@link BackupOverdue} breach ended: a successful backup brought the age of the newest one back within the
 * objective, or the objective was removed. Published once per breach by scheduler-service's RPO watch.
 *
 * @param cluster the cluster whose backups were overdue
 * @param schedule the schedule whose objective was breached; absent for a cluster-wide objective
 * @param rpoObjective the recovery point objective, as a Go duration
 * @param overdueSince when the objective was breached (as in the {@code BackupOverdue} it ends)
 * @param clearedAt when the watch saw the breach end
 * @param backupName the successful backup that ended the breach, absent when the objective was removed
 * @param dataTimestamp that backup's data timestamp
 * @param reason why the breach ended, for people reading the topic
 */
public record BackupOverdueCleared(
        String cluster,
        String schedule,
        String rpoObjective,
        Instant overdueSince,
        Instant clearedAt,
        String backupName,
        Instant dataTimestamp,
        String reason)
        implements Day2Event {

    @Override
    public String subject() {
        return schedule == null ? cluster : schedule;
    }
}
