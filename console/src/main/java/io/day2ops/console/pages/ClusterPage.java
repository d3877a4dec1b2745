package io.day2ops.console.pages;

import io.day2ops.console.fleet.Answer;
import io.day2ops.console.fleet.ClusterRecord;
import io.day2ops.console.fleet.Words;
import io.day2ops.events.DrillCompleted;
import io.day2ops.events.GateCheckResult;
import io.day2ops.events.UpgradeGateFailed;
import io.day2ops.events.UpgradeGatePassed;
import io.quarkus.qute.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One cluster: its health and problems, the operator's forms, the drill trend (chart and table), the backup timeline,
 * the gate history with every failing check and its remediation, and the other operations on it.
 */
public final class ClusterPage {

    /** A drill in the table, in words. */
    public record DrillRow(String name, String verdict, String rto, String rpo, Instant at, String why) {}

    /** A gate verdict in the table. */
    public record GateRow(
            String name, String verdict, String versions, Instant at, List<ClusterRecord.FailingCheck> failing) {}

    private final Template template = Templates.get("cluster");

    /**
     * @param record what the fleet knows of the cluster, or null
     * @param drills its drills, newest first
     * @param gates its gate verdicts (passed or failed events), newest first
     */
    public String render(
            String cluster,
            ClusterRecord record,
            List<Answer> backups,
            List<DrillCompleted> drills,
            List<Object> gates,
            List<Answer> others,
            Viewer viewer,
            Instant now) {
        List<DrillRow> drillRows = drills.stream()
                .map(d -> new DrillRow(
                        d.name(),
                        d.cancelledBy() != null ? "cancelled" : d.passed() ? "passed" : "failed",
                        against(d.rtoMeasuredMillis(), d.rtoObjectiveMillis()),
                        against(d.rpoMeasuredMillis(), d.rpoObjectiveMillis()),
                        d.completedAt(),
                        d.failureReason() == null ? "" : d.failureReason()))
                .toList();
        List<TrendChart.Point> points = new ArrayList<>();
        for (DrillCompleted d : drills) {
            points.add(new TrendChart.Point(
                    d.name(),
                    seconds(d.rtoMeasuredMillis()),
                    seconds(d.rpoMeasuredMillis()),
                    seconds(d.rtoObjectiveMillis()),
                    seconds(d.rpoObjectiveMillis())));
        }
        Collections.reverse(points); // oldest left
        List<GateRow> gateRows = gates.stream().map(ClusterPage::gate).toList();
        return template.instance()
                .data("cluster", cluster)
                .data("row", record == null ? null : FleetRow.of(record, now))
                .data("backups", backups)
                .data("drills", drillRows)
                .data("chart", TrendChart.svg(points))
                .data("gates", gateRows)
                .data("others", others)
                .data("viewer", viewer)
                .render();
    }

    static GateRow gate(Object event) {
        if (event instanceof UpgradeGatePassed p) {
            return new GateRow(
                    p.name(), "GO", p.currentVersion() + " to " + p.targetVersion(), p.evaluatedAt(), List.of());
        }
        UpgradeGateFailed f = (UpgradeGateFailed) event;
        return new GateRow(
                f.name(), "NO-GO", f.currentVersion() + " to " + f.targetVersion(), f.evaluatedAt(), failing(f));
    }

    /** The checks that failed a gate, with their remediation. */
    static List<ClusterRecord.FailingCheck> failing(UpgradeGateFailed failed) {
        return failed.failures().stream()
                .filter(c -> c.verdict() == GateCheckResult.Verdict.FAIL)
                .map(c -> new ClusterRecord.FailingCheck(c.id(), c.message(), c.remediation()))
                .toList();
    }

    private static String against(Long measured, Long objective) {
        return (measured == null ? "-" : Words.duration(Duration.ofMillis(measured)))
                + (objective == null ? "" : " of " + Words.duration(Duration.ofMillis(objective)));
    }

    private static Double seconds(Long millis) {
        return millis == null ? null : millis / 1000.0;
    }
}
