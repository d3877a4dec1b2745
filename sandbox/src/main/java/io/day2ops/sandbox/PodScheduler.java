package io.day2ops.sandbox;

import static io.day2ops.sandbox.KubeObjects.name;
import static io.day2ops.sandbox.KubeObjects.nodeReady;
import static io.day2ops.sandbox.KubeObjects.ns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The scheduler: each unscheduled Pod goes to the least loaded Ready, schedulable Node whose taints it tolerates. */
final class PodScheduler extends SimulatedController {

    /** Pods put on each node during the current pass (the pass works on one listing). */
    private final Map<String, Integer> scheduledThisPass = new HashMap<>();

    PodScheduler(Store store, double speed, Map<String, Long> startedAt) {
        super(store, speed, startedAt);
    }

    @Override
    public void reconcile(ReconcilePass pass) {
        scheduledThisPass.clear();
        List<JsonNode> nodes = pass.list(ReconcilePass.NODES);
        List<JsonNode> pods = pass.list(ReconcilePass.PODS);
        for (JsonNode pod : pods) {
            schedule(pod, nodes, pods);
        }
    }

    private void schedule(JsonNode pod, List<JsonNode> nodes, List<JsonNode> pods) {
        if (!pod.path("spec").path("nodeName").asText().isEmpty() || nodes.isEmpty()) {
            if (nodes.isEmpty() && pod.path("spec").path("nodeName").asText().isEmpty()) {
                // A sandbox without nodes runs pods nowhere in particular, like a virtual kubelet.
                startedAt.putIfAbsent(pod.path("metadata").path("uid").asText(), System.currentTimeMillis());
            }
            return;
        }
        JsonNode best = null;
        long bestLoad = Long.MAX_VALUE;
        for (JsonNode node : nodes) {
            if (node.path("spec").path("unschedulable").asBoolean(false) || !nodeReady(node) || !tolerates(pod, node)) {
                continue;
            }
            long load = pods.stream()
                            .filter(p -> name(node)
                                    .equals(p.path("spec").path("nodeName").asText()))
                            .count()
                    + scheduledThisPass.getOrDefault(name(node), 0);
            if (load < bestLoad) {
                best = node;
                bestLoad = load;
            }
        }
        String path = "/api/v1/namespaces/" + ns(pod) + "/pods/" + name(pod);
        if (best == null) {
            ObjectNode status = JSON.createObjectNode();
            status.put("phase", "Pending");
            ObjectNode condition = status.putArray("conditions").addObject();
            condition.put("type", "PodScheduled");
            condition.put("status", "False");
            condition.put("reason", "Unschedulable");
            condition.put("message", "0/" + nodes.size() + " nodes are available: all nodes are unschedulable.");
            writeStatus(path, pod, status);
            return;
        }
        ObjectNode next = ((ObjectNode) pod).deepCopy();
        next.with("spec").put("nodeName", name(best));
        if (store.replace(path, next)) {
            startedAt.put(pod.path("metadata").path("uid").asText(), System.currentTimeMillis());
            scheduledThisPass.merge(name(best), 1, Integer::sum);
        }
    }

    /** NoSchedule/NoExecute taints keep pods off a node unless the pod tolerates them. */
    private static boolean tolerates(JsonNode pod, JsonNode node) {
        for (JsonNode taint : node.path("spec").path("taints")) {
            String effect = taint.path("effect").asText();
            if (!effect.equals("NoSchedule") && !effect.equals("NoExecute")) {
                continue;
            }
            boolean tolerated = false;
            for (JsonNode toleration : pod.path("spec").path("tolerations")) {
                boolean keyMatches = !toleration.has("key")
                        || toleration
                                .path("key")
                                .asText()
                                .equals(taint.path("key").asText());
                boolean effectMatches = !toleration.has("effect")
                        || toleration.path("effect").asText().equals(effect);
                boolean valueMatches =
                        "Exists".equals(toleration.path("operator").asText())
                                || toleration
                                        .path("value")
                                        .asText()
                                        .equals(taint.path("value").asText());
                tolerated |= keyMatches && effectMatches && valueMatches;
            }
            if (!tolerated) {
                return false;
            }
        }
        return true;
    }
}
