package io.day2ops.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 * @param omitted how many items of each capped list were left out to keep the event small (by list name);
 *     null when none
 */
public record UpgradeGateFailed(
        String name,
        String cluster,
        String currentVersion,
        String targetVersion,
        List<GateCheckResult> failures,
        List<GateCheckResult> checks,
        Instant evaluatedAt,
        Map<String, Integer> omitted)
        implements Day2Event {

    /** How many entries of {@code failures} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_FAILURES = 500;

    /** How many entries of {@code checks} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_CHECKS = 500;

    public UpgradeGateFailed {
        Map<String, Integer> left = Bounded.counts(omitted);
        failures = Bounded.cap(failures, MAX_FAILURES, "failures", left);
        checks = Bounded.cap(checks, MAX_CHECKS, "checks", left);
        omitted = Bounded.done(left);
    }

    @Override
    public String subject() {
        return name;
    }
}
