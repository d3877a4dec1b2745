package io.day2ops.events;

import java.time.Instant;
import java.util.List;

/**
 * The answer of an upgrade that is not gate-only, once day2ops did its part before the upgrade itself: {@code Ready}
 * (GO, the pre-upgrade backup Completed, the requested nodes drained: run the upgrader now, then send {@code
 * UpgradeVerifyRequested}) or {@code Failed} (the backup or a drain failed or timed out; nothing else was done).
 *
 * @param name the upgrade request's name
 * @param cluster the cluster to upgrade
 * @param phase {@code Ready} or {@code Failed}
 * @param reason why it failed; absent when ready
 * @param currentVersion the API server's version when the gate ran
 * @param targetVersion the version asked for
 * @param backupName the pre-upgrade backup
 * @param drainedNodes the nodes drained (left cordoned), in order
 * @param at when it became ready or failed
 */
public record UpgradeReady(
        String name,
        String cluster,
        String phase,
        String reason,
        String currentVersion,
        String targetVersion,
        String backupName,
        List<String> drainedNodes,
        Instant at)
        implements Day2Event {

    public UpgradeReady {
        drainedNodes = drainedNodes == null ? List.of() : List.copyOf(drainedNodes);
    }

    @Override
    public String subject() {
        return name;
    }
}
