package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.events.ResourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the findings of one check: a FAIL or WARN per resource, and, when nothing was found, one PASS saying what
 * was looked at, so a report always shows every check that ran.
 */
public final class Findings {

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
    public static int resolve(IntOrString value, int total, boolean roundUp, int fallback) {
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
}
