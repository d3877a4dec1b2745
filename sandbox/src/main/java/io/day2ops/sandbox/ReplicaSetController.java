package io.day2ops.sandbox;

import static io.day2ops.sandbox.KubeObjects.name;
import static io.day2ops.sandbox.KubeObjects.ns;
import static io.day2ops.sandbox.KubeObjects.ownedBy;
import static io.day2ops.sandbox.KubeObjects.podFrom;
import static io.day2ops.sandbox.KubeObjects.suffix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** ReplicaSets keep the number of Pods they are scaled to. */
final class ReplicaSetController extends SimulatedController {

    ReplicaSetController(Store store, double speed, Map<String, Long> startedAt) {
        super(store, speed, startedAt);
    }

    @Override
    public void reconcile(ReconcilePass pass) {
        for (JsonNode set : pass.list(ReconcilePass.REPLICA_SETS)) {
            reconcileReplicaSet(set, pass.inNamespace(ReconcilePass.PODS, set));
        }
    }

    private void reconcileReplicaSet(JsonNode rs, List<JsonNode> podsInNamespace) {
        String ns = ns(rs);
        String uid = rs.path("metadata").path("uid").asText();
        int desired = rs.path("spec").path("replicas").asInt(1);
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode pod : podsInNamespace) {
            if (ownedBy(pod, uid)) {
                pods.add(pod);
            }
        }
        for (int i = pods.size(); i < desired; i++) {
            ObjectNode pod = podFrom(rs.path("spec").path("template"), ns, name(rs) + "-" + suffix(), rs, "ReplicaSet");
            store.create("/api/v1/namespaces/" + ns + "/pods", pod);
        }
        if (pods.size() > desired) {
            pods.sort(Comparator.comparing((JsonNode p) -> Selectors.isReady(p))
                    .thenComparing(
                            p -> p.path("metadata").path("creationTimestamp").asText(), Comparator.reverseOrder()));
            for (JsonNode pod : pods.subList(0, pods.size() - desired)) {
                deletePod(pod);
            }
        }
        int ready = (int) pods.stream().filter(Selectors::isReady).count();
        ObjectNode status = JSON.createObjectNode();
        status.put("replicas", pods.size());
        status.put("fullyLabeledReplicas", pods.size());
        status.put("readyReplicas", ready);
        status.put("availableReplicas", ready);
        status.put("observedGeneration", rs.path("metadata").path("generation").asLong(1));
        writeStatus("/apis/apps/v1/namespaces/" + ns + "/replicasets/" + name(rs), rs, status);
    }
}
