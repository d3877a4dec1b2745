package io.day2ops.console.fleet;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupOverdue;
import io.day2ops.events.BackupOverdueCleared;
import io.day2ops.events.Day2Event;
import io.day2ops.events.DrainCompleted;
import io.day2ops.events.DrillCompleted;
import io.day2ops.events.FailoverCompleted;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.RolloutCompleted;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.UpgradeGateFailed;
import io.day2ops.events.UpgradeGatePassed;
import java.time.Instant;

/**
 * One answer event as the console keeps it: what it is about (kind, name, cluster), its outcome and time in words a
 * table can show, and the event's own JSON for the detail pages and for replaying into a {@link Fleet}.
 *
 * @param id the CloudEvent's id (each event is kept once)
 * @param type the event's type name, e.g. {@code SnapshotTaken}
 * @param kind what it is the answer to: backup, restore, drill, gate, rollout, drain, failover or rpo
 * @param name the request's name (for the RPO watch's events: the schedule's, or the cluster's)
 * @param cluster the cluster it is about
 * @param outcome e.g. Completed, Failed, GO, NO-GO, passed, Overdue
 * @param at when it ended
 * @param summary one line in words
 * @param json the event's data as published
 */
public record Answer(
        String id,
        String type,
        String kind,
        String name,
        String cluster,
        String outcome,
        Instant at,
        String summary,
        String json) {

    /** The answer for {@code event} (with its id and JSON), or null for an event the console does not keep. */
    public static Answer of(String id, Day2Event event, String json) {
        String type = event.getClass().getSimpleName();
        if (event instanceof SnapshotTaken e) {
            return new Answer(
                    id,
                    type,
                    "backup",
                    e.name(),
                    e.cluster(),
                    e.phase().name(),
                    e.completedAt(),
                    e.totalItems() + " items, " + e.warnings() + " warnings, " + e.errors() + " errors",
                    json);
        }
        if (event instanceof BackupFailed e) {
            return new Answer(
                    id,
                    type,
                    "backup",
                    e.name(),
                    e.cluster(),
                    e.cancelledBy() != null ? "Cancelled" : "Failed",
                    e.failedAt(),
                    e.reason(),
                    json);
        }
        if (event instanceof RestoreCompleted e) {
            return new Answer(
                    id,
                    type,
                    "restore",
                    e.name(),
                    e.cluster(),
                    e.phase().name(),
                    e.completedAt(),
                    e.itemsRestored() + " restored from " + e.backupName() + ", " + e.conflicts() + " conflicts"
                            + (e.failureReason() == null ? "" : ": " + e.failureReason()),
                    json);
        }
        if (event instanceof DrillCompleted e) {
            return new Answer(
                    id,
                    type,
                    "drill",
                    e.name(),
                    e.cluster(),
                    e.passed() ? "Passed" : "Failed",
                    e.completedAt(),
                    e.passed()
                            ? "restored " + e.backupName() + " into " + e.targetCluster()
                            : String.valueOf(e.failureReason()),
                    json);
        }
        if (event instanceof UpgradeGatePassed e) {
            return new Answer(
                    id,
                    type,
                    "gate",
                    e.name(),
                    e.cluster(),
                    "GO",
                    e.evaluatedAt(),
                    e.currentVersion() + " to " + e.targetVersion(),
                    json);
        }
        if (event instanceof UpgradeGateFailed e) {
            return new Answer(
                    id,
                    type,
                    "gate",
                    e.name(),
                    e.cluster(),
                    "NO-GO",
                    e.evaluatedAt(),
                    e.currentVersion() + " to " + e.targetVersion() + ": "
                            + e.failures().size() + " findings",
                    json);
        }
        if (event instanceof RolloutCompleted e) {
            return new Answer(
                    id,
                    type,
                    "rollout",
                    e.name(),
                    e.cluster(),
                    e.outcome().name(),
                    e.completedAt(),
                    e.kind() + " " + e.namespace() + "/" + e.workload() + (e.reason() == null ? "" : ": " + e.reason()),
                    json);
        }
        if (event instanceof DrainCompleted e) {
            return new Answer(
                    id,
                    type,
                    "drain",
                    e.name(),
                    e.cluster(),
                    e.outcome().name(),
                    e.completedAt(),
                    e.nodes().size() + " nodes" + (e.reason() == null ? "" : ": " + e.reason()),
                    json);
        }
        if (event instanceof FailoverCompleted e) {
            return new Answer(
                    id,
                    type,
                    "failover",
                    e.name(),
                    e.cluster(),
                    e.succeeded() ? "Succeeded" : "Failed",
                    e.completedAt(),
                    "to " + e.targetCluster() + (e.failureReason() == null ? "" : ": " + e.failureReason()),
                    json);
        }
        if (event instanceof BackupOverdue e) {
            return new Answer(
                    id,
                    type,
                    "rpo",
                    e.schedule() == null ? e.cluster() : e.schedule(),
                    e.cluster(),
                    "Overdue",
                    e.detectedAt(),
                    "no good backup within " + e.rpoObjective()
                            + (e.lastReason() == null ? "" : "; last: " + e.lastReason()),
                    json);
        }
        if (event instanceof BackupOverdueCleared e) {
            return new Answer(
                    id,
                    type,
                    "rpo",
                    e.schedule() == null ? e.cluster() : e.schedule(),
                    e.cluster(),
                    "Cleared",
                    e.clearedAt(),
                    "backup " + e.backupName() + " within " + e.rpoObjective(),
                    json);
        }
        return null;
    }
}
