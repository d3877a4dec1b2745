package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.events.ResourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects the findings of one check: a FAIL or WARN per resource, and, when nothing was found, one PASS saying what
 * was looked at, so a report always shows every check that ran.
 */
final class Findings {

    private final String id;
    private final List<GateCheckResult> results = new ArrayList<>();

    Findings(String id) {
        this.id = id;
    }

    Findings fail(ResourceRef resource, String message, String remediation) {
        results.add(new GateCheckResult(id, Verdict.FAIL, resource, message, remediation));
        return this;
    }

    Findings warn(ResourceRef resource, String message, String remediation) {
        results.add(new GateCheckResult(id, Verdict.WARN, resource, message, remediation));
        return this;
    }

    /** The findings, or one PASS with {@code passMessage} when there are none. */
    List<GateCheckResult> orPass(String passMessage) {
        if (results.isEmpty()) {
            return List.of(new GateCheckResult(id, Verdict.PASS, null, passMessage, null));
        }
        return List.copyOf(results);
    }

    static ResourceRef ref(HasMetadata object) {
        return new ResourceRef(
                object.getApiVersion(),
                object.getKind(),
                object.getMetadata().getNamespace(),
                object.getMetadata().getName());
    }

    static String path(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace + "/")
                + object.getMetadata().getName();
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /**
     * An int-or-percent resolved against {@code total} as Kubernetes does: {@code roundUp} for minAvailable and
     * maxSurge, down for maxUnavailable.
     */
    static int resolve(IntOrString value, int total, boolean roundUp, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal();
        if (text != null && text.endsWith("%")) {
            double share = Double.parseDouble(text.substring(0, text.length() - 1)) * total / 100.0;
            return (int) (roundUp ? Math.ceil(share) : Math.floor(share));
        }
        return text == null ? fallback : Integer.parseInt(text);
    }

    /** Whether a label selector selects these labels (an empty selector selects everything; null nothing). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
                if (!wanted.getValue().equals(have.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = have.get(requirement.getKey());
                List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> have.containsKey(requirement.getKey());
                    case "DoesNotExist" -> !have.containsKey(requirement.getKey());
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
