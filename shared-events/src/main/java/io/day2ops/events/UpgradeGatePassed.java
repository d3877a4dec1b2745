package io.day2ops.events;

import java.time.Instant;
import java.util.List;

/**
 * The pre-upgrade gate found nothing that fails: the upgrade may proceed. Warnings are listed.
 *
 * @param name the upgrade request's name
 * @param cluster the cluster checked
 * @param currentVersion the API server's version when checked
 * @param targetVersion the version asked for
 * @param checks every check's result (PASS and WARN)
 * @param evaluatedAt when the gate ran
 */
public record UpgradeGatePassed(
        String name,
        String cluster,
        String currentVersion,
        String targetVersion,
        List<GateCheckResult> checks,
        Instant evaluatedAt)
        implements Day2Event {

    public UpgradeGatePassed {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    @Override
    public String subject() {
        return name;
    }
}
