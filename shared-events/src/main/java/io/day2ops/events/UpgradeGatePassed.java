package io.day2ops.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The pre-upgrade gate found nothing that fails: the upgrade may proceed. Warnings are listed.
 *
 * @param name the upgrade request's name
 * @param cluster the cluster checked
 * @param currentVersion the API server's version when checked
 * @param targetVersion the version asked for
 * @param checks every check's result (PASS and WARN)
 * @param evaluatedAt when the gate ran
 * @param omitted how many items of each capped list were left out to keep the event small (by list name);
 *     null when none
 */
public record UpgradeGatePassed(
        String name,
        String cluster,
        String currentVersion,
        String targetVersion,
        List<GateCheckResult> checks,
        Instant evaluatedAt,
        Map<String, Integer> omitted)
        implements Day2Event {

    /** How many entries of {@code checks} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_CHECKS = 500;

    public UpgradeGatePassed {
        Map<String, Integer> left = Bounded.counts(omitted);
        checks = Bounded.cap(checks, MAX_CHECKS, "checks", left);
        omitted = Bounded.done(left);
    }

    @Override
    public String subject() {
        return name;
    }
}
