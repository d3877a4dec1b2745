package io.day2ops.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The post-upgrade checks of an upgrade: passed when the control plane and every kubelet reached the target minor,
 * workloads are available and no check fails that passed at the gate.
 *
 * @param name the upgrade request's name
 * @param cluster the upgraded cluster
 * @param passed whether every post-upgrade check passed
 * @param previousVersion the API server's version when the gate ran
 * @param targetVersion the version asked for
 * @param currentVersion the API server's version now; absent when it could not be reached
 * @param failures the checks that came out FAIL
 * @param checks every check's result
 * @param uncordonedNodes the nodes the upgrade had drained and this verification uncordoned
 * @param verifiedAt when the checks ran
 * @param omitted how many items of each capped list were left out (by list name); null when none
 */
public record UpgradeVerified(
        String name,
        String cluster,
        boolean passed,
        String previousVersion,
        String targetVersion,
        String currentVersion,
        List<GateCheckResult> failures,
        List<GateCheckResult> checks,
        List<String> uncordonedNodes,
        Instant verifiedAt,
        Map<String, Integer> omitted)
        implements Day2Event {

    /** How many entries of {@code failures} and of {@code checks} the event carries at most. */
    public static final int MAX_CHECKS = 500;

    public UpgradeVerified {
        Map<String, Integer> left = Bounded.counts(omitted);
        failures = Bounded.cap(failures, MAX_CHECKS, "failures", left);
        checks = Bounded.cap(checks, MAX_CHECKS, "checks", left);
        uncordonedNodes = uncordonedNodes == null ? List.of() : List.copyOf(uncordonedNodes);
        omitted = Bounded.done(left);
    }

    @Override
    public String subject() {
        return name;
    }
}
