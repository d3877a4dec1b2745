package io.day2ops.sandbox;

import static io.day2ops.sandbox.KubeObjects.condition;
import static io.day2ops.sandbox.KubeObjects.name;
import static io.day2ops.sandbox.KubeObjects.ns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** PodDisruptionBudget status follows the pods it selects, as the disruption controller computes it. */
final class DisruptionBudgetController extends SimulatedController {

    DisruptionBudgetController(Store store, double speed, Map<String, Long> startedAt) {
        super(store, speed, startedAt);
    }

    @Override
    public void reconcile(ReconcilePass pass) {
        budgets(pass.byNamespace(ReconcilePass.PODS));
    }

    private void budgets(Map<String, List<JsonNode>> podsByNamespace) {
        for (JsonNode budget : store.list("/apis/policy/v1/poddisruptionbudgets")) {
            Disruptions.Budget state =
                    Disruptions.evaluate(budget, podsByNamespace.getOrDefault(ns(budget), List.of()), store::get);
            ObjectNode status = JSON.createObjectNode();
            status.put(
                    "observedGeneration",
                    budget.path("metadata").path("generation").asLong(1));
            status.put("currentHealthy", state.currentHealthy());
            status.put("desiredHealthy", state.desiredHealthy());
            status.put("disruptionsAllowed", state.allowed());
            status.put("expectedPods", state.expectedPods());
            ArrayNode conditions = status.putArray("conditions");
            condition(
                    conditions,
                    budget,
                    "DisruptionAllowed",
                    state.allowed() > 0,
                    state.allowed() > 0 ? "SufficientPods" : "InsufficientPods",
                    "");
            writeStatus(
                    "/apis/policy/v1/namespaces/" + ns(budget) + "/poddisruptionbudgets/" + name(budget),
                    budget,
                    status);
        }
    }
}
