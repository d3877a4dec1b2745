package io.day2ops.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.BackupOverdue;
import io.day2ops.events.BackupOverdueCleared;
import io.day2ops.scheduler.domain.RpoVerdict.Transition;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RpoVerdictTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final long DAY = Duration.ofHours(26).toSeconds();

    @Test
    void aBackupOlderThanTheObjectiveBeginsABreachAtItsDeadline() {
        Instant success = NOW.minus(Duration.ofHours(27));
        RpoVerdict verdict = RpoVerdict.of(target(success, null), NOW);

        assertThat(verdict.transition()).isEqualTo(Transition.BREACH_BEGINS);
        BackupOverdue overdue = verdict.overdue();
        assertThat(overdue.overdueSince()).isEqualTo(success.plus(Duration.ofHours(26)));
        assertThat(overdue.detectedAt()).isEqualTo(NOW);
        assertThat(overdue.lastSuccessfulBackup()).isEqualTo("daily-backup-20261201010000");
        assertThat(overdue.lastBackup()).isEqualTo("daily-backup-20261202010000");
        assertThat(overdue.consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aBreachAlreadyOpenIsNotAnnouncedAgain() {
        RpoVerdict verdict = RpoVerdict.of(target(NOW.minus(Duration.ofHours(30)), NOW.minusSeconds(3600)), NOW);

        assertThat(verdict.breached()).isTrue();
        assertThat(verdict.transition()).isEqualTo(Transition.NONE);
    }

    @Test
    void aFreshSuccessEndsAnOpenBreachSayingHowOldTheBackupIs() {
        Instant success = NOW.minus(Duration.ofMinutes(90));
        RpoVerdict verdict = RpoVerdict.of(target(success, NOW.minus(Duration.ofHours(2))), NOW);

        assertThat(verdict.transition()).isEqualTo(Transition.BREACH_ENDS);
        BackupOverdueCleared cleared = verdict.cleared();
        assertThat(cleared.overdueSince()).isEqualTo(NOW.minus(Duration.ofHours(2)));
        assertThat(cleared.reason())
                .isEqualTo("backup daily-backup-20261201010000 succeeded; the newest successful backup is 1h30m old,"
                        + " within 26h");
    }

    @Test
    void withNoSuccessEverTheTimeWatchedCounts() {
        RpoTarget never = new RpoTarget(
                "primary",
                null,
                "26h",
                DAY,
                NOW.minus(Duration.ofHours(25)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        assertThat(RpoVerdict.of(never, NOW).transition()).isEqualTo(Transition.NONE);
        assertThat(RpoVerdict.of(never, NOW.plus(Duration.ofHours(2))).transition())
                .isEqualTo(Transition.BREACH_BEGINS);
        assertThat(RpoVerdict.of(never, NOW).age()).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void theDeadlineItselfIsStillWithinTheObjective() {
        RpoVerdict atDeadline = RpoVerdict.of(target(NOW.minus(Duration.ofHours(26)), null), NOW);

        assertThat(atDeadline.breached()).isFalse();
        assertThat(atDeadline.transition()).isEqualTo(Transition.NONE);
    }

    @Test
    void aRemovedObjectiveEndsItsBreachNamingWhy() {
        BackupOverdueCleared cleared = RpoVerdict.removed("primary", "daily-backup", "26h", NOW.minusSeconds(60), NOW);

        assertThat(cleared.reason()).contains("the objective was removed");
        assertThat(cleared.backupName()).isNull();
    }

    private static RpoTarget target(Instant lastSuccess, Instant overdueSince) {
        return new RpoTarget(
                "primary",
                "daily-backup",
                "26h",
                DAY,
                NOW.minus(Duration.ofDays(30)),
                overdueSince,
                "daily-backup-20261201010000",
                lastSuccess,
                "daily-backup-20261202010000",
                "Failed",
                "cluster unreachable",
                1,
                NOW.minus(Duration.ofHours(1)));
    }
}
