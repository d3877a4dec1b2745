package io.day2ops.events;

import java.util.List;
import java.util.Map;

/**
 * A Kubernetes label selector, as Velero's {@code labelSelector} and {@code metav1.LabelSelector} spell it.
 *
 * @param matchLabels labels an object must carry with exactly these values
 * @param matchExpressions set-based requirements; all must hold
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    public LabelSelector {
        matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    /**
     * One set-based requirement.
     *
     * @param key the label key
     * @param operator {@code In}, {@code NotIn}, {@code Exists} or {@code DoesNotExist}
     * @param values the values for {@code In}/{@code NotIn}; empty otherwise
     */
    public record Requirement(String key, String operator, List<String> values) {
        public Requirement {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }
}
