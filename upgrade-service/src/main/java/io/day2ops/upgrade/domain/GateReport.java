package io.day2ops.upgrade.domain;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of one gate run. The gate passes only when no check failed AND every required check ran: a gate that
 * could not look fails closed.
 */
public final class GateReport {

    private final List<GateCheckResult> checks = new ArrayList<>();

    public GateReport add(GateCheckResult check) {
        checks.add(check);
        return this;
    }

    public List<GateCheckResult> checks() {
        return List.copyOf(checks);
    }

    public List<GateCheckResult> failures() {
        return checks.stream().filter(c -> c.verdict() == Verdict.FAIL).toList();
    }

    public boolean passed() {
        return !checks.isEmpty() && failures().isEmpty();
    }
}
