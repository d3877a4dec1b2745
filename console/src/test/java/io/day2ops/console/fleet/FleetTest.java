package io.day2ops.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupOverdue;
import io.day2ops.events.BackupOverdueCleared;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.DrillCompleted;
import io.day2ops.events.GateCheckResult;
import io.day2ops.events.ResourceRef;
import io.day2ops.events.UpgradeGateFailed;
import io.day2ops.events.UpgradeGatePassed;
import io.day2ops.events.fixtures.SnapshotTakenBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet page's read model: what each event changes, in words, whatever order the topics deliver them in. */
class FleetTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private final Fleet fleet = new Fleet(Duration.ofHours(24));

    private static DrillCompleted drill(String name, String cluster, boolean passed, String reason, Instant at) {
        return new DrillCompleted(
                name,
                cluster,
                "standby",
                "b",
                passed,
                reason,
                900_000L,
                42_000L,
                86_400_000L,
                3_600_000L,
                List.of(),
                List.of(),
                at.minusSeconds(60),
                at,
                null);
    }

    private static UpgradeGatePassed go(String cluster, Instant at) {
        return new UpgradeGatePassed("gate-" + at.getEpochSecond(), cluster, "1.30.4", "1.31", List.of(), at, null);
    }

    @Test
    void aClusterBackedUpWithinItsObjectiveDrilledAndGoIsRecoverable() {
        fleet.apply(SnapshotTakenBuilder.completed("nightly-1", "primary", NOW.minus(Duration.ofHours(3)))
                .build());
        fleet.apply(drill("weekly-1", "primary", true, null, NOW.minus(Duration.ofHours(2))));
        fleet.apply(go("primary", NOW.minus(Duration.ofHours(1))));

        ClusterRecord primary = fleet.find("primary");

        assertThat(primary.problems(NOW)).isEmpty();
        assertThat(primary.health(NOW)).isEqualTo(Health.OK);
        assertThat(primary.health(NOW).words()).isEqualTo("recoverable");
        assertThat(primary.backupAge(NOW)).isEqualTo(Duration.ofHours(3));
        assertThat(primary.lastDrill().rtoMeasuredMillis()).isEqualTo(42_000L);
    }

    @Test
    void aLastGoodBackupOlderThanTheObjectiveIsCriticalAndSaysBothAges() {
        fleet.apply(SnapshotTakenBuilder.completed("nightly-1", "primary", NOW.minus(Duration.ofHours(30)))
                .build());
        fleet.apply(drill("weekly-1", "primary", true, null, NOW.minus(Duration.ofHours(2))));

        ClusterRecord primary = fleet.find("primary");

        assertThat(primary.health(NOW)).isEqualTo(Health.CRITICAL);
        assertThat(primary.problems(NOW).get(0).what())
                .isEqualTo("last good backup nightly-1 is 30h old; its objective is 24h");
    }

    @Test
    void theRpoWatchsOverdueNamesTheScheduleAndItsObjectiveUntilCleared() {
        fleet.apply(SnapshotTakenBuilder.completed("nightly-1", "primary", NOW.minus(Duration.ofHours(20)))
                .build());
        fleet.apply(drill("weekly-1", "primary", true, null, NOW.minus(Duration.ofHours(2))));
        Instant since = NOW.minus(Duration.ofHours(1));
        fleet.apply(new BackupOverdue(
                "primary",
                "daily",
                "18h",
                "nightly-1",
                NOW.minus(Duration.ofHours(20)),
                since,
                since,
                "nightly-2",
                "Failed",
                "no connection",
                2));

        ClusterRecord primary = fleet.find("primary");
        assertThat(primary.rpoObjective()).isEqualTo(Duration.ofHours(18));
        assertThat(primary.problems(NOW))
                .extracting(Problem::what)
                .containsExactly(
                        "last good backup nightly-1 is 20h old; its objective is 18h",
                        "schedule daily overdue since " + since + " (objective 18h): no connection");

        fleet.apply(SnapshotTakenBuilder.completed("nightly-3", "primary", NOW.minusSeconds(60))
                .build());
        fleet.apply(new BackupOverdueCleared("primary", "daily", "18h", since, NOW, "nightly-3", NOW, "backed up"));
        assertThat(primary.health(NOW)).isEqualTo(Health.OK);
    }

    @Test
    void aBackupThatFailedAfterTheLastGoodOneIsAWarningUntilANewerGoodOne() {
        fleet.apply(SnapshotTakenBuilder.completed("nightly-1", "primary", NOW.minus(Duration.ofHours(5)))
                .build());
        fleet.apply(drill("weekly-1", "primary", true, null, NOW.minus(Duration.ofHours(2))));
        fleet.apply(new BackupFailed(
                "nightly-2", "primary", "etcd unreachable", null, NOW.minus(Duration.ofHours(1)), "daily"));

        ClusterRecord primary = fleet.find("primary");
        assertThat(primary.health(NOW)).isEqualTo(Health.WARNING);
        assertThat(primary.problems(NOW))
                .extracting(Problem::what)
                .containsExactly("backup nightly-2 failed: etcd unreachable");

        fleet.apply(SnapshotTakenBuilder.completed("nightly-3", "primary", NOW.minusSeconds(600))
                .build());
        assertThat(primary.lastFailed()).isNull();
        assertThat(primary.health(NOW)).isEqualTo(Health.OK);
    }

    @Test
    void neverDrilledIsAWarningAFailedDrillIsCriticalACancelledOneAWarningNamingWho() {
        fleet.apply(SnapshotTakenBuilder.completed("nightly-1", "primary", NOW.minus(Duration.ofHours(1)))
                .build());
        ClusterRecord primary = fleet.find("primary");
        assertThat(primary.problems(NOW))
                .extracting(Problem::health, Problem::what)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        Health.WARNING, "never drilled: no restore of its backups has been proven"));

        fleet.apply(drill("weekly-1", "primary", false, "rto: 20m over the objective 15m", NOW.minusSeconds(300)));
        assertThat(primary.health(NOW)).isEqualTo(Health.CRITICAL);
        assertThat(primary.problems(NOW).get(0).what())
                .isEqualTo("last drill weekly-1 failed: rto: 20m over the objective 15m");

        DrillCompleted cancelled = drill("weekly-2", "primary", false, "cancelled: cancelled by /users/sre", NOW);
        fleet.apply(new DrillCompleted(
                cancelled.name(),
                cancelled.cluster(),
                cancelled.targetCluster(),
                cancelled.backupName(),
                false,
                cancelled.failureReason(),
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                cancelled.startedAt(),
                NOW,
                null,
                "/users/sre"));
        assertThat(primary.health(NOW)).isEqualTo(Health.WARNING);
        assertThat(primary.problems(NOW).get(0).what()).isEqualTo("last drill weekly-2 was cancelled by /users/sre");
    }

    @Test
    void aNoGoGateNamesItsFirstFailingCheckWithItsRemediation() {
        fleet.apply(SnapshotTakenBuilder.completed("nightly-1", "primary", NOW.minus(Duration.ofHours(1)))
                .build());
        fleet.apply(drill("weekly-1", "primary", true, null, NOW.minus(Duration.ofHours(2))));
        GateCheckResult skip = new GateCheckResult(
                "control-plane-version-step",
                GateCheckResult.Verdict.FAIL,
                new ResourceRef("v1", "Node", null, "primary-control-plane"),
                "control plane 1.30 -> 1.33 skips 2 minor version(s)",
                "upgrade one minor version at a time: first to 1.31");
        fleet.apply(new UpgradeGateFailed(
                "gate-1", "primary", "1.30.4", "1.33", List.of(skip), List.of(skip), NOW.minusSeconds(30), null));

        Problem problem = fleet.find("primary").problems(NOW).get(0);
        assertThat(problem.health()).isEqualTo(Health.WARNING);
        assertThat(problem.what())
                .isEqualTo("upgrade to 1.33 is NO-GO: 1 failing check, first control-plane-version-step");
        assertThat(problem.remedy()).isEqualTo("upgrade one minor version at a time: first to 1.31");

        fleet.apply(go("primary", NOW.minusSeconds(10)));
        assertThat(fleet.find("primary").health(NOW)).isEqualTo(Health.OK);
    }

    @Test
    void anOlderEventArrivingLaterChangesNothingAsOnAReplayOfTopicsReadApart() {
        fleet.apply(SnapshotTakenBuilder.completed("nightly-2", "primary", NOW.minus(Duration.ofHours(1)))
                .build());
        fleet.apply(drill("weekly-2", "primary", true, null, NOW.minus(Duration.ofHours(1))));
        fleet.apply(go("primary", NOW.minusSeconds(60)));

        fleet.apply(SnapshotTakenBuilder.completed("nightly-1", "primary", NOW.minus(Duration.ofHours(30)))
                .build());
        fleet.apply(drill("weekly-1", "primary", false, "old", NOW.minus(Duration.ofDays(7))));
        fleet.apply(new UpgradeGateFailed(
                "old-gate", "primary", "1.29", "1.30", List.of(), List.of(), NOW.minus(Duration.ofDays(30)), null));
        fleet.apply(SnapshotTakenBuilder.completed("broken", "primary", NOW)
                .phase(BackupPhase.Failed)
                .build());

        ClusterRecord primary = fleet.find("primary");
        assertThat(primary.lastGood().name()).isEqualTo("nightly-2");
        assertThat(primary.lastDrill().name()).isEqualTo("weekly-2");
        assertThat(primary.lastGate().go()).isTrue();
        assertThat(primary.health(NOW)).isEqualTo(Health.OK);
    }

    @Test
    void theRowsPutTheLeastRecoverableClusterFirst() {
        fleet.apply(SnapshotTakenBuilder.completed("a-1", "alpha", NOW.minus(Duration.ofHours(1)))
                .build());
        fleet.apply(drill("a-drill", "alpha", true, null, NOW));
        fleet.apply(SnapshotTakenBuilder.completed("b-1", "bravo", NOW.minus(Duration.ofHours(1)))
                .build());
        fleet.apply(drill("c-drill", "charlie", false, "verify: Deployment default/web not available", NOW));
        fleet.apply(SnapshotTakenBuilder.completed("c-1", "charlie", NOW.minus(Duration.ofHours(1)))
                .build());

        assertThat(fleet.rows(NOW)).extracting(ClusterRecord::name).containsExactly("charlie", "bravo", "alpha");
        assertThat(fleet.rows(NOW))
                .extracting(c -> c.health(NOW).words())
                .containsExactly("at risk", "recoverable, with warnings", "recoverable");
    }
}
