package io.day2ops.localstack.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** How many disruptions a PodDisruptionBudget allows right now, computed as the disruption controller does. */
final class Disruptions {

    record Budget(int expectedPods, int currentHealthy, int desiredHealthy, int allowed) {}

    private Disruptions() {}

    static Budget evaluate(JsonNode budget, List<JsonNode> podsInNamespace) {
        JsonNode spec = budget.path("spec");
        int expected = 0;
        int healthy = 0;
        for (JsonNode pod : podsInNamespace) {
            if (!Selectors.matches(spec.path("selector"), pod.path("metadata").path("labels"))) {
                continue;
            }
            if (!pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
                continue;
            }
            expected++;
            if (Selectors.isReady(pod)) {
                healthy++;
            }
        }
        int desired;
        if (spec.has("minAvailable")) {
            desired = amount(spec.get("minAvailable"), expected, true);
        } else if (spec.has("maxUnavailable")) {
            desired = Math.max(0, expected - amount(spec.get("maxUnavailable"), expected, true));
        } else {
            desired = expected;
        }
        return new Budget(expected, healthy, desired, Math.max(0, healthy - desired));
    }

    /** An int-or-percent of {@code total}; percentages round up when {@code roundUp}. */
    static int amount(JsonNode value, int total, boolean roundUp) {
        if (value.isNumber()) {
            return value.asInt();
        }
        String text = value.asText().trim();
        if (text.endsWith("%")) {
            double share = Double.parseDouble(text.substring(0, text.length() - 1)) / 100.0 * total;
            return (int) (roundUp ? Math.ceil(share) : Math.floor(share));
        }
        return Integer.parseInt(text);
    }
}
