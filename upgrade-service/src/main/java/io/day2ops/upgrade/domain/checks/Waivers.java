package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.events.GateWaiver;
import io.day2ops.events.ResourceRef;
import io.day2ops.upgrade.domain.ClusterState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Failing checks someone accepted: by the request ({@code UpgradeRequested.waivers}) or by the object itself (the
 * annotation {@code day2ops.io/waive: pdb-missing[,…]} with {@code day2ops.io/waive-reason}). A waived failure stays in
 * the report as {@code WAIVED}, its message saying who waived it and why; it no longer stops the gate. An annotation
 * without a reason waives nothing (the failure says so).
 */
public final class Waivers {

    public static final String ANNOTATION = "day2ops.io/waive";
    public static final String REASON = "day2ops.io/waive-reason";

    private Waivers() {}

    public static List<GateCheckResult> apply(
            List<GateCheckResult> results, List<GateWaiver> requested, ClusterState state) {
        Map<String, Map<String, String>> annotations = annotations(state);
        List<GateCheckResult> out = new ArrayList<>(results.size());
        for (GateCheckResult result : results) {
            out.add(result.verdict() == Verdict.FAIL ? waive(result, requested, annotations) : result);
        }
        return out;
    }

    private static GateCheckResult waive(
            GateCheckResult result, List<GateWaiver> requested, Map<String, Map<String, String>> annotations) {
        String object = key(result.resource());
        for (GateWaiver waiver : requested) {
            if (waiver.check().equals(result.id())
                    && (waiver.object() == null || waiver.object().equals(object))) {
                return waived(result, "waived by the request: " + waiver.reason());
            }
        }
        Map<String, String> on = object == null ? Map.of() : annotations.getOrDefault(object, Map.of());
        String ids = on.get(ANNOTATION);
        if (ids == null || Arrays.stream(ids.split(",")).map(String::trim).noneMatch(result.id()::equals)) {
            return result;
        }
        String reason = on.get(REASON);
        if (reason == null || reason.isBlank()) {
            return new GateCheckResult(
                    result.id(),
                    Verdict.FAIL,
                    result.resource(),
                    result.message() + " (its " + ANNOTATION + " is ignored: it has no " + REASON + ")",
                    result.remediation());
        }
        return waived(result, "waived by " + ANNOTATION + " on " + object + ": " + reason);
    }

    private static GateCheckResult waived(GateCheckResult result, String why) {
        return new GateCheckResult(
                result.id(), Verdict.WAIVED, result.resource(), result.message() + " — " + why, result.remediation());
    }

    /** {@code Kind/namespace/name}, or {@code Kind/name} for a cluster-scoped object; null for none. */
    static String key(ResourceRef ref) {
        if (ref == null) {
            return null;
        }
        return ref.kind() + "/" + (ref.namespace() == null ? "" : ref.namespace() + "/") + ref.name();
    }

    private static Map<String, Map<String, String>> annotations(ClusterState state) {
        Map<String, Map<String, String>> byObject = new HashMap<>();
        Stream.of(
                        state.nodes(),
                        state.kubeSystemPods(),
                        state.deployments(),
                        state.statefulSets(),
                        state.daemonSets(),
                        state.disruptionBudgets(),
                        state.claims(),
                        state.volumes())
                .flatMap(List::stream)
                .map(HasMetadata.class::cast)
                .filter(o -> o.getMetadata().getAnnotations() != null
                        && o.getMetadata().getAnnotations().containsKey(ANNOTATION))
                .forEach(o -> byObject.put(
                        o.getKind() + "/"
                                + (o.getMetadata().getNamespace() == null
                                        ? ""
                                        : o.getMetadata().getNamespace() + "/")
                                + o.getMetadata().getName(),
                        o.getMetadata().getAnnotations()));
        return byObject;
    }
}
