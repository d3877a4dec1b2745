package io.day2ops.scheduler.domain;

import java.time.Instant;

/**
 * One watched recovery point objective, with the backups it is judged on.
 *
 * @param cluster the cluster
 * @param schedule the backup schedule the objective belongs to, or null for a cluster-wide objective
 * @param objective the objective as written ({@code 26h})
 * @param objectiveSeconds the objective in seconds
 * @param watchingSince when watching began (the base while no backup ever succeeded)
 * @param overdueSince when the open breach began, or null when none is open
 * @param lastSuccessName the newest successful backup, or null
 * @param lastSuccessDataAt its data timestamp
 * @param lastBackupName the newest backup to finish, successful or not
 * @param lastPhase its phase
 * @param lastReason why it failed, when it did
 * @param consecutiveFailures backups failed in a row since the last success
 * @param lastOutcomeAt when the newest backup to finish finished, or null
 */
public record RpoTarget(
        String cluster,
        String schedule,
        String objective,
        long objectiveSeconds,
        Instant watchingSince,
        Instant overdueSince,
        String lastSuccessName,
        Instant lastSuccessDataAt,
        String lastBackupName,
        String lastPhase,
        String lastReason,
        Integer consecutiveFailures,
        Instant lastOutcomeAt) {}
