package io.day2ops.sandbox;

import static io.day2ops.sandbox.KubeObjects.hash;
import static io.day2ops.sandbox.KubeObjects.name;
import static io.day2ops.sandbox.KubeObjects.ns;
import static io.day2ops.sandbox.KubeObjects.ownedBy;
import static io.day2ops.sandbox.KubeObjects.podFrom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** StatefulSets create ordered Pods and roll them from the highest ordinal down to {@code partition}. */
final class StatefulSetController extends SimulatedController {

    /** StatefulSet revisions: hash to pod template, so pods below the partition keep their old template. */
    private final Map<String, JsonNode> revisions = new ConcurrentHashMap<>();

    StatefulSetController(Store store, double speed, Map<String, Long> startedAt) {
        super(store, speed, startedAt);
    }

    @Override
    public void reconcile(ReconcilePass pass) {
        for (JsonNode set : pass.list(ReconcilePass.STATEFUL_SETS)) {
            reconcileStatefulSet(set, pass.inNamespace(ReconcilePass.PODS, set));
        }
    }

    private void reconcileStatefulSet(JsonNode set, List<JsonNode> podsInNamespace) {
        String ns = ns(set);
        String setName = name(set);
        JsonNode spec = set.path("spec");
        int replicas = spec.path("replicas").asInt(1);
        int partition = spec.path("updateStrategy")
                .path("rollingUpdate")
                .path("partition")
                .asInt(0);
        String updateRevision = setName + "-" + hash(spec.path("template"));
        revisions.putIfAbsent(updateRevision, spec.path("template"));
        String currentRevision = set.path("status").path("currentRevision").asText(updateRevision);
        Map<Integer, JsonNode> pods = new java.util.TreeMap<>();
        String uid = set.path("metadata").path("uid").asText();
        for (JsonNode pod : podsInNamespace) {
            if (ownedBy(pod, uid)) {
                String podName = name(pod);
                try {
                    pods.put(Integer.parseInt(podName.substring(setName.length() + 1)), pod);
                } catch (RuntimeException ignored) {
                    // not one of ours by name
                }
            }
        }
        for (JsonNode template : spec.path("volumeClaimTemplates")) {
            for (int i = 0; i < replicas; i++) {
                String claim = name(template) + "-" + setName + "-" + i;
                if (store.get("/api/v1/namespaces/" + ns + "/persistentvolumeclaims/" + claim) == null) {
                    ObjectNode pvc = ((ObjectNode) template).deepCopy();
                    pvc.put("apiVersion", "v1");
                    pvc.put("kind", "PersistentVolumeClaim");
                    pvc.with("metadata").put("name", claim).put("namespace", ns);
                    pvc.with("metadata")
                            .set(
                                    "labels",
                                    spec.path("selector").path("matchLabels").deepCopy());
                    pvc.remove("status");
                    store.create("/api/v1/namespaces/" + ns + "/persistentvolumeclaims", pvc);
                }
            }
        }
        boolean orderedReady =
                !"Parallel".equals(spec.path("podManagementPolicy").asText());
        boolean allReady = true;
        for (int i = 0; i < replicas; i++) {
            JsonNode pod = pods.get(i);
            if (pod == null) {
                if (orderedReady && !allReady) {
                    break;
                }
                String revision = i < partition ? currentRevision : updateRevision;
                JsonNode template = revisions.getOrDefault(revision, spec.path("template"));
                ObjectNode created = podFrom(template, ns, setName + "-" + i, set, "StatefulSet");
                created.with("metadata").with("labels").put("controller-revision-hash", revision);
                created.with("metadata").with("labels").put("statefulset.kubernetes.io/pod-name", setName + "-" + i);
                created.with("spec").put("hostname", setName + "-" + i);
                // As the StatefulSet controller does: each claim template becomes a volume of the pod's own claim.
                for (JsonNode claimTemplate : spec.path("volumeClaimTemplates")) {
                    String volume = name(claimTemplate);
                    com.fasterxml.jackson.databind.node.ArrayNode volumes =
                            created.with("spec").withArray("volumes");
                    volumes.addObject()
                            .put("name", volume)
                            .putObject("persistentVolumeClaim")
                            .put("claimName", volume + "-" + setName + "-" + i);
                }
                store.create("/api/v1/namespaces/" + ns + "/pods", created);
                allReady = false;
                continue;
            }
            allReady &= Selectors.isReady(pod);
        }
        for (Map.Entry<Integer, JsonNode> extra : pods.entrySet()) {
            if (extra.getKey() >= replicas) {
                deletePod(extra.getValue());
            }
        }
        // Rolling update: highest ordinal first, down to the partition, one pod at a time, only when all are Ready.
        if (allReady && pods.size() >= replicas) {
            for (int i = replicas - 1; i >= partition; i--) {
                JsonNode pod = pods.get(i);
                if (pod != null && !updateRevision.equals(revisionOf(pod))) {
                    deletePod(pod);
                    break;
                }
            }
        }
        int ready = 0;
        int current = 0;
        int updated = 0;
        for (Map.Entry<Integer, JsonNode> entry : pods.entrySet()) {
            if (entry.getKey() >= replicas) {
                continue;
            }
            JsonNode pod = entry.getValue();
            ready += Selectors.isReady(pod) ? 1 : 0;
            current += currentRevision.equals(revisionOf(pod)) ? 1 : 0;
            updated += updateRevision.equals(revisionOf(pod)) ? 1 : 0;
        }
        if (updated == replicas && partition == 0) {
            currentRevision = updateRevision;
            current = updated;
        }
        ObjectNode status = JSON.createObjectNode();
        status.put("observedGeneration", set.path("metadata").path("generation").asLong(1));
        status.put("replicas", Math.min(pods.size(), replicas));
        status.put("readyReplicas", ready);
        status.put("availableReplicas", ready);
        status.put("currentReplicas", current);
        status.put("updatedReplicas", updated);
        status.put("currentRevision", currentRevision);
        status.put("updateRevision", updateRevision);
        writeStatus("/apis/apps/v1/namespaces/" + ns + "/statefulsets/" + setName, set, status);
    }

    private static String revisionOf(JsonNode pod) {
        return pod.path("metadata")
                .path("labels")
                .path("controller-revision-hash")
                .asText();
    }
}
