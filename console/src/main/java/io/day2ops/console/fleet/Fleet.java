package io.day2ops.console.fleet;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupOverdue;
import io.day2ops.events.BackupOverdueCleared;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.DrillCompleted;
import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GoDuration;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.UpgradeGateFailed;
import io.day2ops.events.UpgradeGatePassed;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet's recoverability, projected from the answer events the services publish (the bus carries everything the
 * console shows; it never reads another service's database). Applying the same events again, in any order across
 * topics, gives the same fleet: each part of a cluster is replaced only by a newer event.
 */
public final class Fleet {

    private final Map<String, ClusterRecord> clusters = new ConcurrentHashMap<>();
    private final Duration defaultRpoObjective;

    /**
     * @param defaultRpoObjective the age a cluster's last good backup is held to until the RPO watch names its
     *     schedule's own objective (a {@code BackupOverdue} or {@code BackupOverdueCleared} carries it)
     */
    public Fleet(Duration defaultRpoObjective) {
        this.defaultRpoObjective = defaultRpoObjective;
    }

    /** Takes one event in; events the fleet page does not show are ignored. Returns the cluster it changed, or null. */
    public ClusterRecord apply(Object event) {
        if (event instanceof SnapshotTaken taken) {
            return snapshot(taken);
        }
        if (event instanceof BackupFailed failed) {
            ClusterRecord cluster = cluster(failed.cluster());
            if (cluster.lastFailed == null || failed.failedAt().isAfter(cluster.lastFailed.failedAt())) {
                cluster.lastFailed = new ClusterRecord.FailedBackup(
                        failed.name(), failed.reason(), failed.failedAt(), failed.cancelledBy());
            }
            return cluster;
        }
        if (event instanceof BackupOverdue overdue) {
            ClusterRecord cluster = cluster(overdue.cluster());
            cluster.overdue.put(
                    overdue.schedule(),
                    new ClusterRecord.Overdue(
                            overdue.schedule(), overdue.rpoObjective(), overdue.overdueSince(), overdue.lastReason()));
            cluster.rpoObjective = GoDuration.parse(overdue.rpoObjective());
            return cluster;
        }
        if (event instanceof BackupOverdueCleared cleared) {
            ClusterRecord cluster = cluster(cleared.cluster());
            ClusterRecord.Overdue open = cluster.overdue.get(cleared.schedule());
            if (open != null && !cleared.clearedAt().isBefore(open.since())) {
                cluster.overdue.remove(cleared.schedule());
            }
            cluster.rpoObjective = GoDuration.parse(cleared.rpoObjective());
            return cluster;
        }
        if (event instanceof DrillCompleted drill) {
            ClusterRecord cluster = cluster(drill.cluster());
            if (cluster.lastDrill == null || drill.completedAt().isAfter(cluster.lastDrill.completedAt())) {
                cluster.lastDrill = new ClusterRecord.Drill(
                        drill.name(),
                        drill.passed(),
                        drill.failureReason(),
                        drill.rtoMeasuredMillis(),
                        drill.rtoObjectiveMillis(),
                        drill.rpoMeasuredMillis(),
                        drill.rpoObjectiveMillis(),
                        drill.completedAt(),
                        drill.cancelledBy());
            }
            return cluster;
        }
        if (event instanceof UpgradeGatePassed passed) {
            return gate(
                    passed.cluster(),
                    new ClusterRecord.Gate(
                            passed.name(),
                            true,
                            passed.currentVersion(),
                            passed.targetVersion(),
                            List.of(),
                            passed.evaluatedAt()));
        }
        if (event instanceof UpgradeGateFailed failed) {
            return gate(
                    failed.cluster(),
                    new ClusterRecord.Gate(
                            failed.name(),
                            false,
                            failed.currentVersion(),
                            failed.targetVersion(),
                            failed.failures().stream()
                                    .filter(c -> c.verdict() == GateCheckResult.Verdict.FAIL)
                                    .map(c -> new ClusterRecord.FailingCheck(c.id(), c.message(), c.remediation()))
                                    .toList(),
                            failed.evaluatedAt()));
        }
        return null;
    }

    private ClusterRecord snapshot(SnapshotTaken taken) {
        ClusterRecord cluster = cluster(taken.cluster());
        boolean restorable = taken.phase() == BackupPhase.Completed || taken.phase() == BackupPhase.PartiallyFailed;
        if (restorable && (cluster.lastGood == null || taken.completedAt().isAfter(cluster.lastGood.completedAt()))) {
            cluster.lastGood = new ClusterRecord.Backup(
                    taken.name(),
                    taken.phase().name(),
                    taken.dataTimestamp() == null ? taken.startedAt() : taken.dataTimestamp(),
                    taken.completedAt(),
                    taken.totalItems(),
                    taken.errors());
        }
        return cluster;
    }

    private ClusterRecord gate(String name, ClusterRecord.Gate gate) {
        ClusterRecord cluster = cluster(name);
        if (cluster.lastGate == null || gate.evaluatedAt().isAfter(cluster.lastGate.evaluatedAt())) {
            cluster.lastGate = gate;
        }
        return cluster;
    }

    private ClusterRecord cluster(String name) {
        return clusters.computeIfAbsent(name, n -> new ClusterRecord(n, defaultRpoObjective));
    }

    /** How many clusters the fleet knows. */
    public int size() {
        return clusters.size();
    }

    /** One cluster, or null when no event named it. */
    public ClusterRecord find(String name) {
        return clusters.get(name);
    }

    /** The fleet page's rows at {@code now}: the least recoverable first, then by name. */
    public List<ClusterRecord> rows(Instant now) {
        Map<String, Health> health = new java.util.HashMap<>(); // once per cluster, not once per comparison
        clusters.values().forEach(c -> health.put(c.name(), c.health(now)));
        return clusters.values().stream()
                .sorted(Comparator.comparing((ClusterRecord c) -> health.get(c.name()))
                        .reversed()
                        .thenComparing(ClusterRecord::name))
                .toList();
    }
}
