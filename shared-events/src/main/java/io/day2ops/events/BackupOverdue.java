package io.day2ops.events;

import java.time.Instant;

/**
 * The newest successful backup of a schedule (or of a cluster) is older than its recovery point objective: a restore
 * now would lose more than the objective allows. Published once per breach by scheduler-service's RPO watch;
 * {@link BackupOverdueCleared} follows when a successful backup ends it.
 *
 * @param cluster the cluster whose backups are overdue
 * @param schedule the schedule whose objective is breached; absent for a cluster-wide objective (any backup of the
 *     cluster counts)
 * @param rpoObjective the recovery point objective, as a Go duration
 * @param lastSuccessfulBackup the newest Completed or PartiallyFailed backup, absent if there has been none
 * @param lastSuccessDataAt the data timestamp of that backup, absent if there has been none
 * @param overdueSince when the objective was breached: {@code lastSuccessDataAt + rpoObjective}, or, with no successful
 *     backup at all, the time watching began plus the objective
 * @param detectedAt when the watch saw the breach
 * @param lastBackup the most recent backup of any outcome, absent if none has finished
 * @param lastPhase that backup's phase ({@code Completed}, {@code PartiallyFailed}, {@code Failed})
 * @param lastReason why that backup failed or partially failed, absent otherwise
 * @param consecutiveFailures failed backups since the last successful one
 */
public record BackupOverdue(
        String cluster,
        String schedule,
        String rpoObjective,
        String lastSuccessfulBackup,
        Instant lastSuccessDataAt,
        Instant overdueSince,
        Instant detectedAt,
        String lastBackup,
        String lastPhase,
        String lastReason,
        Integer consecutiveFailures)
        implements Day2Event {

    @Override
    public String subject() {
        return schedule == null ? cluster : schedule;
    }
}
