package io.day2ops.console.pages;

import io.day2ops.console.fleet.ClusterRecord;
import io.day2ops.console.fleet.Problem;
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
                : good.name() + ", " + Text.duration(record.backupAge(now)) + " old (objective "
                        + Text.duration(record.rpoObjective()) + ")";
        ClusterRecord.Drill drill = record.lastDrill();
        String drillText;
        if (drill == null) {
            drillText = "never drilled";
        } else if (drill.cancelledBy() != null) {
            drillText = drill.name() + ": cancelled";
        } else {
            drillText = drill.name() + ": " + (drill.passed() ? "passed" : "failed") + ", RTO "
                    + Text.millis(drill.rtoMeasuredMillis()) + " of " + Text.millis(drill.rtoObjectiveMillis())
                    + ", RPO " + Text.millis(drill.rpoMeasuredMillis()) + " of "
                    + Text.millis(drill.rpoObjectiveMillis());
        }
        ClusterRecord.Gate gate = record.lastGate();
        String gateText = gate == null
                ? "no gate run"
                : (gate.go() ? "GO" : "NO-GO") + " to " + gate.targetVersion()
                        + (gate.go() ? "" : ": " + gate.failing().size() + " failing");
        return new FleetRow(
                record.name(),
                record.health(now).name(),
                record.health(now).words(),
                backup,
                drillText,
                gateText,
                record.problems(now));
    }

    /** Durations and milliseconds as the page writes them. */
    static final class Text {

        private Text() {}

        static String duration(Duration d) {
            long s = Math.max(0, d.getSeconds());
            if (s < 60) {
                return s + "s";
            }
            if (s < 3600) {
                return s / 60 + "m";
            }
            return s < 2 * 86_400 ? s / 3600 + "h" : s / 86_400 + "d";
        }

        static String millis(Long millis) {
            return millis == null ? "-" : duration(Duration.ofMillis(millis));
        }
    }
}
