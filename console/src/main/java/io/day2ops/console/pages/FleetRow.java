package io.day2ops.console.pages;

import io.day2ops.console.fleet.ClusterRecord;
import io.day2ops.console.fleet.Health;
import io.day2ops.console.fleet.Problem;
import io.day2ops.console.fleet.Words;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One row of the fleet page, everything already in words: the template only places it.
 *
 * @param cluster the cluster's name
 * @param health {@code OK}, {@code WARNING} or {@code CRITICAL} (the row's class, for its colour)
 * @param healthWords the same in words ("at risk")
 * @param backup the last good backup and its age against the objective ("nightly-1, 3h old (objective 24h)"), or
 *     "none"
 * @param drill the last drill's verdict with RTO and RPO against their objectives, or "never drilled"
 * @param gate the last gate's verdict ("GO to 1.31", "NO-GO to 1.33: 2 failing"), or "no gate run"
 * @param problems what to act on, the worst first
 */
public record FleetRow(
        String cluster,
        String health,
        String healthWords,
        String backup,
        String drill,
        String gate,
        List<Problem> problems) {

    static FleetRow of(ClusterRecord record, Instant now) {
        ClusterRecord.Backup good = record.lastGood();
        String backup = good == null
                ? "none"
                : good.name() + ", " + Words.duration(record.backupAge(now)) + " old (objective "
                        + Words.duration(record.rpoObjective()) + ")";
        ClusterRecord.Drill drill = record.lastDrill();
        String drillText;
        if (drill == null) {
            drillText = "never drilled";
        } else if (drill.cancelledBy() != null) {
            drillText = drill.name() + ": cancelled";
        } else {
            drillText = drill.name() + ": " + (drill.passed() ? "passed" : "failed") + ", RTO "
                    + millis(drill.rtoMeasuredMillis()) + " of " + millis(drill.rtoObjectiveMillis())
                    + ", RPO " + millis(drill.rpoMeasuredMillis()) + " of "
                    + millis(drill.rpoObjectiveMillis());
        }
        ClusterRecord.Gate gate = record.lastGate();
        String gateText = gate == null
                ? "no gate run"
                : (gate.go() ? "GO" : "NO-GO") + " to " + gate.targetVersion()
                        + (gate.go() ? "" : ": " + gate.failing().size() + " failing");
        List<Problem> problems = record.problems(now); // the worst first: the row's health is the first one's
        Health health = problems.isEmpty() ? Health.OK : problems.get(0).health();
        return new FleetRow(record.name(), health.name(), health.words(), backup, drillText, gateText, problems);
    }

    private static String millis(Long millis) {
        return millis == null ? "-" : Words.duration(Duration.ofMillis(millis));
    }
}
