package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** How many disruptions a PodDisruptionBudget allows right now, computed as the disruption controller does. */
final class Disruptions {

    record Budget(int expectedPods, int currentHealthy, int desiredHealthy, int allowed) {}

    private Disruptions() {}

    /**
     * The budget's state. As the disruption controller counts: with an integer {@code minAvailable} the expected pods
     * are the pods the budget selects; with {@code maxUnavailable} or a percentage they are the scale of those pods'
     * controllers (a Deployment's or StatefulSet's replicas), so a pod evicted a moment ago still counts before its
     * replacement exists.
     *
     * @param get reads an object by its API path (e.g. {@code /apis/apps/v1/namespaces/ns/replicasets/rs}); null when
     *     absent
     */
    static Budget evaluate(JsonNode budget, List<JsonNode> podsInNamespace, Function<String, JsonNode> get) {
        JsonNode spec = budget.path("spec");
        boolean byScale = spec.has("maxUnavailable")
                || (spec.has("minAvailable") && !spec.get("minAvailable").isNumber());
        int matched = 0;
        int healthy = 0;
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (JsonNode pod : podsInNamespace) {
            if (!Selectors.matches(spec.path("selector"), pod.path("metadata").path("labels"))) {
                continue;
            }
            if (!pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
                continue;
            }
            matched++;
            if (Selectors.isReady(pod)) {
                healthy++;
            }
            if (byScale) {
                controllerScale(pod, get, scales);
            }
        }
        int expected = byScale && !scales.isEmpty()
                ? Math.max(
                        matched,
                        scales.values().stream().mapToInt(Integer::intValue).sum())
                : matched;
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

    /** Adds the scale of the pod's controller (a ReplicaSet's Deployment, a StatefulSet) to {@code scales}. */
    private static void controllerScale(JsonNode pod, Function<String, JsonNode> get, Map<String, Integer> scales) {
        String ns = pod.path("metadata").path("namespace").asText();
        for (JsonNode owner : pod.path("metadata").path("ownerReferences")) {
            String kind = owner.path("kind").asText();
            String name = owner.path("name").asText();
            if ("StatefulSet".equals(kind)) {
                JsonNode set = get.apply("/apis/apps/v1/namespaces/" + ns + "/statefulsets/" + name);
                if (set != null) {
                    scales.put("sts/" + name, set.path("spec").path("replicas").asInt(1));
                }
            } else if ("ReplicaSet".equals(kind) && scales.putIfAbsent("seen-rs/" + name, 0) == null) {
                JsonNode rs = get.apply("/apis/apps/v1/namespaces/" + ns + "/replicasets/" + name);
                if (rs == null) {
                    continue;
                }
                JsonNode deployment = null;
                for (JsonNode rsOwner : rs.path("metadata").path("ownerReferences")) {
                    if ("Deployment".equals(rsOwner.path("kind").asText())) {
                        deployment = get.apply("/apis/apps/v1/namespaces/" + ns + "/deployments/"
                                + rsOwner.path("name").asText());
                    }
                }
                if (deployment != null) {
                    scales.put(
                            "deploy/" + deployment.path("metadata").path("name").asText(),
                            deployment.path("spec").path("replicas").asInt(1));
                } else {
                    scales.put("rs/" + name, rs.path("spec").path("replicas").asInt(1));
                }
            }
        }
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

    /** The eviction API's 429, naming the budget, as the API server words it. */
    static MockResponse refusal(JsonNode budget, Disruptions.Budget state) {
        String name = budget.path("metadata").path("name").asText();
        ObjectNode body = ApiResponses.statusBody(
                429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
        ObjectNode cause = body.putObject("details").putArray("causes").addObject();
        cause.put("reason", "DisruptionBudget");
        cause.put(
                "message",
                "The disruption budget " + name + " needs " + state.desiredHealthy() + " healthy pods and has "
                        + state.currentHealthy() + " currently");
        return ApiResponses.json(429, body);
    }
}
