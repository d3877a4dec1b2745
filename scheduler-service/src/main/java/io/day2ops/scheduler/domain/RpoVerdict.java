package io.day2ops.scheduler.domain;

import io.day2ops.events.BackupOverdue;
import io.day2ops.events.BackupOverdueCleared;
import io.day2ops.events.GoDuration;
import java.time.Duration;
import java.time.Instant;

/**
 * The RPO arithmetic of one watched objective at one moment: the age of the newest successful backup (or, with none,
 * the time watched) against the objective, and whether a breach begins or ends now. A breach is announced once when it
 * begins ({@code BackupOverdue}) and once when it ends ({@code BackupOverdueCleared}); in between nothing changes.
 *
 * @param target the objective and its backups
 * @param base what the age counts from: the newest success's data timestamp, else when watching began
 * @param deadline when the objective is breached: {@code base + objective}
 * @param now the moment judged
 */
public record RpoVerdict(RpoTarget target, Instant base, Instant deadline, Instant now) {

    /** What changes now. */
    public enum Transition {
        /** Within the objective and none open, or breached and already announced. */
        NONE,
        /** Breached, and no breach is open: announce it. */
        BREACH_BEGINS,
        /** Within the objective again while a breach is open: announce its end. */
        BREACH_ENDS
    }

    public static RpoVerdict of(RpoTarget target, Instant now) {
        Instant base = target.lastSuccessDataAt() != null ? target.lastSuccessDataAt() : target.watchingSince();
        return new RpoVerdict(target, base, base.plusSeconds(target.objectiveSeconds()), now);
    }

    public boolean breached() {
        return now.isAfter(deadline);
    }

    public Transition transition() {
        boolean open = target.overdueSince() != null;
        if (breached() && !open) {
            return Transition.BREACH_BEGINS;
        }
        return !breached() && open ? Transition.BREACH_ENDS : Transition.NONE;
    }

    /** How old the newest successful backup is (or how long watching has gone on without one). */
    public Duration age() {
        return Duration.between(base, now);
    }

    /** The announcement of a breach that begins now; it began at the deadline. */
    public BackupOverdue overdue() {
        return new BackupOverdue(
                target.cluster(),
                target.schedule(),
                target.objective(),
                target.lastSuccessName(),
                target.lastSuccessDataAt(),
                deadline,
                now,
                target.lastBackupName(),
                target.lastPhase(),
                target.lastReason(),
                target.consecutiveFailures());
    }

    /** The announcement that the open breach ends now, saying why. */
    public BackupOverdueCleared cleared() {
        String reason = target.lastSuccessDataAt() == null
                ? "the objective was raised above the time watched"
                : "backup " + target.lastSuccessName() + " succeeded; the newest successful backup is "
                        + GoDuration.format(age().withNanos(0)) + " old, within " + target.objective();
        return new BackupOverdueCleared(
                target.cluster(),
                target.schedule(),
                target.objective(),
                target.overdueSince(),
                now,
                target.lastSuccessName(),
                target.lastSuccessDataAt(),
                reason);
    }

    /** The end of a breach whose objective is gone (schedule deleted, or its {@code rpoObjective} unset). */
    public static BackupOverdueCleared removed(
            String cluster, String schedule, String objective, Instant overdueSince, Instant now) {
        return new BackupOverdueCleared(
                cluster,
                schedule,
                objective,
                overdueSince,
                now,
                null,
                null,
                "the objective was removed (schedule deleted, or its rpoObjective unset)");
    }
}
