package io.day2ops.events;

import java.time.Instant;
import java.util.List;

/**
 * The pre-upgrade gate said no. Lists every failing check, not only the first, so one run tells what to fix.
 *
 * @param name the upgrade request's name
 * @param cluster the cluster checked
 * @param currentVersion the API server's version when checked; absent when it could not be reached
 * @param targetVersion the version asked for
 * @param failures the checks that came out FAIL
 * @param checks every check's result, failures included
 * @param evaluatedAt when the gate ran
 */
public record UpgradeGateFailed(
        String name,
        String cluster,
        String currentVersion,
        String targetVersion,
        List<GateCheckResult> failures,
        List<GateCheckResult> checks,
        Instant evaluatedAt)
        implements Day2Event {

    public UpgradeGateFailed {
        failures = failures == null ? List.of() : List.copyOf(failures);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    @Override
    public String subject() {
        return name;
    }
}
