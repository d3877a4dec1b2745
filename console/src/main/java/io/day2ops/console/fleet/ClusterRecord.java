package io.day2ops.console.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cluster as the fleet page shows it, kept up to date from the answer topics: its last good backup and the last
 * one that failed, its overdue schedules, its last drill and its last gate. Each part is replaced only by a newer event
 * (topics are read independently, so an older event may arrive after a newer one, on a replay too).
 */
public final class ClusterRecord {

    /** The newest backup that can be restored (Completed or PartiallyFailed). */
    public record Backup(
            String name, String phase, Instant dataTimestamp, Instant completedAt, long items, int errors) {}

    /** The newest backup that failed, kept until a newer good one replaces it. */
    public record FailedBackup(String name, String reason, Instant failedAt, String cancelledBy) {}

    /** A schedule the RPO watch reported overdue and has not cleared. */
    public record Overdue(String schedule, String rpoObjective, Instant since, String lastReason) {}

    /** The newest drill of this cluster (as source). */
    public record Drill(
            String name,
            boolean passed,
            String failureReason,
            Long rtoMeasuredMillis,
            Long rtoObjectiveMillis,
            Long rpoMeasuredMillis,
            Long rpoObjectiveMillis,
            Instant completedAt,
            String cancelledBy) {}

    /** A failing gate check, with what to do about it. */
    public record FailingCheck(String id, String message, String remediation) {}

    /** The newest upgrade gate of this cluster. */
    public record Gate(
            String name,
            boolean go,
            String currentVersion,
            String targetVersion,
            List<FailingCheck> failing,
            Instant evaluatedAt) {}

    private final String name;
    Backup lastGood;
    FailedBackup lastFailed;
    final Map<String, Overdue> overdue = new TreeMap<>();
    Drill lastDrill;
    Gate lastGate;
    Duration rpoObjective;

    ClusterRecord(String name, Duration rpoObjective) {
        this.name = name;
        this.rpoObjective = rpoObjective;
    }

    public String name() {
        return name;
    }

    public Backup lastGood() {
        return lastGood;
    }

    /** The failed backup newer than the last good one, or null. */
    public FailedBackup lastFailed() {
        return lastFailed == null || (lastGood != null && !lastFailed.failedAt().isAfter(lastGood.completedAt()))
                ? null
                : lastFailed;
    }

    public List<Overdue> overdue() {
        return List.copyOf(overdue.values());
    }

    public Drill lastDrill() {
        return lastDrill;
    }

    public Gate lastGate() {
        return lastGate;
    }

    /** The RPO objective the age of the last good backup is held to. */
    public Duration rpoObjective() {
        return rpoObjective;
    }

    /** How old the last good backup's data is at {@code now}, or null when there is none. */
    public Duration backupAge(Instant now) {
        return lastGood == null ? null : Duration.between(lastGood.dataTimestamp(), now);
    }

    /** Everything to act on at {@code now}, the worst first. */
    public List<Problem> problems(Instant now) {
        List<Problem> problems = new ArrayList<>();
        if (lastGood == null) {
            problems.add(new Problem(
                    Health.CRITICAL,
                    "no backup has completed",
                    "day2 backup create <name> --cluster " + name + " --wait"));
        } else if (backupAge(now).compareTo(rpoObjective) > 0) {
            problems.add(new Problem(
                    Health.CRITICAL,
                    "last good backup " + lastGood.name() + " is " + Words.duration(backupAge(now))
                            + " old; its objective is " + Words.duration(rpoObjective),
                    "day2 backup create <name> --cluster " + name + " --wait, then find why its schedule did not"));
        }
        overdue.values()
                .forEach(o -> problems.add(new Problem(
                        Health.CRITICAL,
                        "schedule " + o.schedule() + " overdue since " + o.since() + " (objective " + o.rpoObjective()
                                + ")" + (o.lastReason() == null ? "" : ": " + o.lastReason()),
                        "day2 schedule get " + o.schedule())));
        if (lastGood != null && lastGood.errors() > 0) {
            problems.add(new Problem(
                    Health.WARNING,
                    "last good backup " + lastGood.name() + " is " + lastGood.phase() + " with " + lastGood.errors()
                            + " errors",
                    "day2 backup describe " + lastGood.name() + " --details"));
        }
        FailedBackup failed = lastFailed();
        if (failed != null) {
            problems.add(new Problem(
                    Health.WARNING,
                    "backup " + failed.name()
                            + (failed.cancelledBy() != null
                                    ? " was cancelled by " + failed.cancelledBy()
                                    : " failed: " + failed.reason()),
                    "day2 backup describe " + failed.name()));
        }
        if (lastDrill == null) {
            problems.add(new Problem(
                    Health.WARNING,
                    "never drilled: no restore of its backups has been proven",
                    "day2 drill run <name> --cluster " + name + " --target-cluster <standby> --wait"));
        } else if (!lastDrill.passed()) {
            problems.add(new Problem(
                    lastDrill.cancelledBy() != null ? Health.WARNING : Health.CRITICAL,
                    "last drill " + lastDrill.name()
                            + (lastDrill.cancelledBy() != null
                                    ? " was cancelled by " + lastDrill.cancelledBy()
                                    : " failed: " + lastDrill.failureReason()),
                    "day2 drill describe " + lastDrill.name()));
        }
        if (lastGate != null && !lastGate.go()) {
            problems.add(new Problem(
                    Health.WARNING,
                    "upgrade to " + lastGate.targetVersion() + " is NO-GO: "
                            + lastGate.failing().size()
                            + " failing check" + (lastGate.failing().size() == 1 ? "" : "s")
                            + (lastGate.failing().isEmpty()
                                    ? ""
                                    : ", first " + lastGate.failing().get(0).id()),
                    lastGate.failing().isEmpty()
                            ? null
                            : lastGate.failing().get(0).remediation()));
        }
        problems.sort(Comparator.comparing(Problem::health).reversed());
        return problems;
    }

    /** The worst of its problems at {@code now}. */
    public Health health(Instant now) {
        return problems(now).stream()
                .map(Problem::health)
                .max(Comparator.naturalOrder())
                .orElse(Health.OK);
    }
}
