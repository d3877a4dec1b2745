package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.upgrade.domain.KubernetesVersion;
import io.day2ops.upgrade.domain.UpgradePlan;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A target more than one minor away: the plan of single-minor hops (the version step fails and names the first one),
 * one WARN per hop with the APIs it removes and the objects still using them ({@code GET /gates/plan} serves the same).
 */
@Singleton
public class UpgradePlanCheck implements GateCheck {

    public static final String ID = "upgrade-plan";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        KubernetesVersion current;
        try {
            current = KubernetesVersion.parse(context.state().serverVersion());
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        if (current.minorsTo(context.target()) <= 1 || context.deprecatedApis() == null) {
            return List.of();
        }
        UpgradePlan plan = UpgradePlan.of(
                current,
                context.target(),
                context.deprecatedApis(),
                context.state().apiUses());
        Findings findings = new Findings(ID);
        for (UpgradePlan.Hop hop : plan.hops()) {
            findings.warn(null, describe(hop, plan.hops().size()), remediation(hop));
        }
        return findings.orPass(plan.note() == null ? "no hops" : plan.note());
    }

    @Override
    public int order() {
        return 11;
    }

    static String describe(UpgradePlan.Hop hop, int hops) {
        String removals = hop.removals().isEmpty()
                ? "removes no API version"
                : "removes "
                        + hop.removals().stream()
                                .map(r -> r.kind() + " " + r.apiVersion()
                                        + (r.usedBy().isEmpty()
                                                ? ""
                                                : " (still used by " + String.join(", ", r.usedBy()) + ")"))
                                .collect(Collectors.joining("; "));
        return "hop " + hop.step() + " of " + hops + ": " + hop.from() + " -> " + hop.to() + " " + removals;
    }

    private static String remediation(UpgradePlan.Hop hop) {
        if (!hop.blocked()) {
            return "upgrade to " + hop.to() + ", then gate the next hop";
        }
        return "before " + hop.to() + ": migrate "
                + hop.removals().stream()
                        .filter(r -> !r.usedBy().isEmpty())
                        .map(r -> r.kind() + " to " + (r.replacement() == null ? "(no replacement)" : r.replacement()))
                        .collect(Collectors.joining(", "));
    }
}
