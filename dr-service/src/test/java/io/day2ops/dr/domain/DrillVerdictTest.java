package io.day2ops.dr.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.DrillCompleted.Check;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DrillVerdictTest {

    private static final Instant START = Instant.parse("2026-12-01T02:00:00Z");

    private final DrillTimeline timeline = new DrillTimeline(Clock.fixed(START, ZoneOffset.UTC));

    @Test
    void rtoRunsFromTheDrillsStartToVerificationAndRpoFromTheBackupsDataToTheStart() {
        assertThat(DrillVerdict.rto(START, START.plusSeconds(95))).isEqualTo(Duration.ofSeconds(95));
        assertThat(DrillVerdict.rpo(START.minus(Duration.ofHours(25)), START)).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void aDrillWithinBothObjectivesPassesAndSaysSo() {
        boolean passed = DrillVerdict.decide(timeline, 300_000L, 95_000L, 26 * 3_600_000L, 25 * 3_600_000L);

        assertThat(passed).isTrue();
        assertThat(timeline.checks())
                .extracting(Check::name, Check::passed, Check::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("rto-objective", true, "RTO 1m35s within the objective 5m"),
                        org.assertj.core.groups.Tuple.tuple("rpo-objective", true, "RPO 25h within the objective 26h"));
    }

    @Test
    void anObjectiveMetExactlyHolds() {
        assertThat(DrillVerdict.decide(timeline, 60_000L, 60_000L, null, null)).isTrue();
    }

    @Test
    void aMissedRpoFailsTheDrillEvenWhenEverythingElsePassed() {
        timeline.check("target-verified", true, "all Ready");

        boolean passed = DrillVerdict.decide(timeline, 300_000L, 95_000L, 3_600_000L, 25 * 3_600_000L);

        assertThat(passed).isFalse();
        assertThat(timeline.firstFailure()).contains("RPO 25h exceeds the objective 1h");
    }

    @Test
    void aTargetNeverVerifiedFailsWithoutAnRtoCheck() {
        boolean passed = DrillVerdict.decide(timeline, 300_000L, null, null, null);

        assertThat(passed).isFalse();
        assertThat(timeline.checks()).isEmpty();
        assertThat(DrillVerdict.text(null)).isEqualTo("not measured");
    }

    @Test
    void withoutObjectivesOnlyTheChecksDecide() {
        timeline.check("pvc-bound", false, "data is Pending");

        assertThat(DrillVerdict.decide(timeline, null, 1_000L, null, 1_000L)).isFalse();
        assertThat(timeline.checks()).hasSize(1);
    }
}
