package io.day2ops.backup.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.events.LabelSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Label selectors: matching an object's labels, and the {@code labelSelector} query the API server understands. */
public final class LabelSelectors {

    private LabelSelectors() {}

    /** An object's {@code metadata.labels}, empty when it has none. */
    public static Map<String, String> labelsOf(JsonNode object) {
        JsonNode labels = object.path("metadata").path("labels");
        if (!labels.isObject()) {
            return Map.of();
        }
        Map<String, String> map = new HashMap<>();
        labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** Whether {@code labels} satisfy {@code selector}; a null selector matches everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> present = labels == null ? Map.of() : labels;
        for (Map.Entry<String, String> wanted : selector.matchLabels().entrySet()) {
            if (!wanted.getValue().equals(present.get(wanted.getKey()))) {
                return false;
            }
        }
        for (LabelSelector.Requirement requirement : selector.matchExpressions()) {
            String value = present.get(requirement.key());
            boolean ok = switch (requirement.operator()) {
                case "In" -> value != null && requirement.values().contains(value);
                case "NotIn" -> value == null || !requirement.values().contains(value);
                case "Exists" -> present.containsKey(requirement.key());
                case "DoesNotExist" -> !present.containsKey(requirement.key());
                default ->
                    throw new IllegalArgumentException("labelSelector: unknown operator '" + requirement.operator()
                            + "' (In, NotIn, Exists, DoesNotExist)");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code labels} are selected by {@code selector} (null matches everything) and by at least one of {@code
     * anyOf} (Velero's {@code orLabelSelectors}; empty means no such condition).
     */
    public static boolean selects(LabelSelector selector, List<LabelSelector> anyOf, Map<String, String> labels) {
        return matches(selector, labels)
                && (anyOf == null || anyOf.isEmpty() || anyOf.stream().anyMatch(s -> matches(s, labels)));
    }

    /**
     * The equality part of the selector as the API's {@code labelSelector} query parameter ({@code app=web,tier=db});
     * null if none. Set-based requirements are checked on our side by {@link #matches}, so a server that narrows by
     * less still gives the right result.
     */
    public static String serverQuery(LabelSelector selector) {
        if (selector == null || selector.matchLabels().isEmpty()) {
            return null;
        }
        List<String> terms = new ArrayList<>();
        selector.matchLabels().forEach((k, v) -> terms.add(k + "=" + v));
        return String.join(",", terms);
    }
}
