package io.day2ops.sandbox;

import static io.day2ops.sandbox.KubeObjects.condition;
import static io.day2ops.sandbox.KubeObjects.hash;
import static io.day2ops.sandbox.KubeObjects.name;
import static io.day2ops.sandbox.KubeObjects.ns;
import static io.day2ops.sandbox.KubeObjects.ownedBy;
import static io.day2ops.sandbox.KubeObjects.ownerReference;
import static io.day2ops.sandbox.KubeObjects.podsOf;
import static io.day2ops.sandbox.KubeObjects.readyPods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Deployments roll ReplicaSets by {@code maxSurge}/{@code maxUnavailable} and report {@code progressDeadlineSeconds}, as the deployment controller does. */
final class DeploymentController extends SimulatedController {

    /** Per deployment uid: the last observed progress and when it happened. */
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();

    private record Progress(String fingerprint, long at) {}

    DeploymentController(Store store, double speed, Map<String, Long> startedAt) {
        super(store, speed, startedAt);
    }

    @Override
    public void reconcile(ReconcilePass pass) {
        for (JsonNode deployment : pass.list(ReconcilePass.DEPLOYMENTS)) {
            reconcileDeployment(
                    deployment,
                    pass.inNamespace(ReconcilePass.REPLICA_SETS, deployment),
                    pass.inNamespace(ReconcilePass.PODS, deployment),
                    pass.now());
        }
    }

    /** {@code maxSurge} and {@code maxUnavailable} of a RollingUpdate (25 % each by default; never both 0). */
    private static int[] rollingBounds(JsonNode spec, int desired) {
        JsonNode rolling = spec.path("strategy").path("rollingUpdate");
        JsonNode defaultShare = JSON.getNodeFactory().textNode("25%");
        int surge = Disruptions.amount(
                rolling.path("maxSurge").isMissingNode() ? defaultShare : rolling.path("maxSurge"), desired, true);
        int unavailable = Disruptions.amount(
                rolling.path("maxUnavailable").isMissingNode() ? defaultShare : rolling.path("maxUnavailable"),
                desired,
                false);
        return new int[] {surge, surge == 0 && unavailable == 0 ? 1 : unavailable};
    }

    // ---- Deployments

    private void reconcileDeployment(JsonNode deployment, List<JsonNode> replicaSets, List<JsonNode> pods, long now) {
        JsonNode meta = deployment.path("metadata");
        String ns = meta.path("namespace").asText();
        String uid = meta.path("uid").asText();
        JsonNode spec = deployment.path("spec");
        int desired = spec.path("replicas").asInt(1);
        String hash = hash(spec.path("template"));
        String rsCollection = "/apis/apps/v1/namespaces/" + ns + "/replicasets";
        List<JsonNode> owned = new ArrayList<>();
        for (JsonNode rs : replicaSets) {
            if (ownedBy(rs, uid)) {
                owned.add(rs);
            }
        }
        JsonNode newRs = owned.stream()
                .filter(rs -> hash.equals(rs.path("metadata")
                        .path("labels")
                        .path("pod-template-hash")
                        .asText()))
                .findFirst()
                .orElse(null);
        if (newRs == null) {
            store.create(rsCollection, replicaSetFor(deployment, hash));
            return;
        }
        List<JsonNode> old = new ArrayList<>(owned);
        old.remove(newRs);
        old.sort(Comparator.comparing(
                rs -> rs.path("metadata").path("creationTimestamp").asText()));
        int total = 0;
        int available = 0;
        for (JsonNode rs : owned) {
            total += rs.path("spec").path("replicas").asInt();
            available += readyPods(pods, rs);
        }
        int newReplicas = newRs.path("spec").path("replicas").asInt();
        boolean recreate = "Recreate".equals(spec.path("strategy").path("type").asText());
        if (recreate) {
            boolean oldPodsLeft = false;
            for (JsonNode rs : old) {
                scaleReplicaSet(rs, 0);
                oldPodsLeft |= podsOf(pods, rs) > 0;
            }
            if (!oldPodsLeft && newReplicas != desired) {
                scaleReplicaSet(newRs, desired);
            }
        } else {
            int[] bounds = rollingBounds(spec, desired);
            int surge = bounds[0];
            int unavailable = bounds[1];
            if (newReplicas > desired || old.isEmpty()) {
                if (newReplicas != desired) {
                    scaleReplicaSet(newRs, desired);
                }
            } else if (newReplicas < desired) {
                int up = Math.min(desired - newReplicas, desired + surge - total);
                if (up > 0) {
                    scaleReplicaSet(newRs, newReplicas + up);
                }
            }
            int removable = available - (desired - unavailable);
            for (JsonNode rs : old) {
                int replicas = rs.path("spec").path("replicas").asInt();
                int unhealthy = Math.max(0, podsOf(pods, rs) - readyPods(pods, rs));
                // Unready old pods go first: they give no availability away.
                int remove = Math.min(replicas, unhealthy + Math.max(0, removable));
                if (remove > 0) {
                    scaleReplicaSet(rs, replicas - remove);
                    removable -= Math.max(0, remove - unhealthy);
                }
            }
        }
        deploymentStatus(deployment, owned, newRs, pods, desired, now);
    }

    private void deploymentStatus(
            JsonNode deployment, List<JsonNode> owned, JsonNode newRs, List<JsonNode> pods, int desired, long now) {
        int replicas = 0;
        int ready = 0;
        for (JsonNode rs : owned) {
            replicas += podsOf(pods, rs);
            ready += readyPods(pods, rs);
        }
        int updated = podsOf(pods, newRs);
        JsonNode spec = deployment.path("spec");
        int unavailable = rollingBounds(spec, desired)[1];
        boolean complete = updated == desired && replicas == desired && ready == desired;
        String uid = deployment.path("metadata").path("uid").asText();
        String fingerprint =
                newRs.path("metadata").path("name").asText() + "/" + updated + "/" + ready + "/" + replicas;
        Progress last = progress.get(uid);
        if (last == null || !last.fingerprint().equals(fingerprint)) {
            last = new Progress(fingerprint, now);
            progress.put(uid, last);
        }
        long deadline = (long) (spec.path("progressDeadlineSeconds").asLong(600) * 1000 / speed);
        ObjectNode status = JSON.createObjectNode();
        status.put(
                "observedGeneration",
                deployment.path("metadata").path("generation").asLong(1));
        status.put("replicas", replicas);
        status.put("updatedReplicas", updated);
        status.put("readyReplicas", ready);
        status.put("availableReplicas", ready);
        status.put("unavailableReplicas", Math.max(0, desired - ready));
        ArrayNode conditions = status.putArray("conditions");
        boolean available = ready >= desired - unavailable;
        condition(
                conditions,
                deployment,
                "Available",
                available,
                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.");
        String rsName = newRs.path("metadata").path("name").asText();
        if (complete) {
            condition(
                    conditions,
                    deployment,
                    "Progressing",
                    true,
                    "NewReplicaSetAvailable",
                    "ReplicaSet \"" + rsName + "\" has successfully progressed.");
        } else if (now - last.at() > deadline) {
            condition(
                    conditions,
                    deployment,
                    "Progressing",
                    false,
                    "ProgressDeadlineExceeded",
                    "ReplicaSet \"" + rsName + "\" has timed out progressing.");
        } else {
            condition(
                    conditions,
                    deployment,
                    "Progressing",
                    true,
                    "ReplicaSetUpdated",
                    "ReplicaSet \"" + rsName + "\" is progressing.");
        }
        writeStatus(
                "/apis/apps/v1/namespaces/" + ns(deployment) + "/deployments/" + name(deployment), deployment, status);
    }

    private static ObjectNode replicaSetFor(JsonNode deployment, String hash) {
        ObjectNode rs = JSON.createObjectNode();
        rs.put("apiVersion", "apps/v1");
        rs.put("kind", "ReplicaSet");
        ObjectNode meta = rs.putObject("metadata");
        meta.put("name", name(deployment) + "-" + hash);
        meta.put("namespace", ns(deployment));
        ObjectNode labels = ((ObjectNode) deployment
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels"))
                .deepCopy();
        labels.put("pod-template-hash", hash);
        meta.set("labels", labels);
        meta.putArray("ownerReferences").add(ownerReference(deployment, "apps/v1", "Deployment"));
        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", 0);
        ObjectNode selector = ((ObjectNode) deployment.path("spec").path("selector")).deepCopy();
        selector.with("matchLabels").put("pod-template-hash", hash);
        spec.set("selector", selector);
        ObjectNode template = ((ObjectNode) deployment.path("spec").path("template")).deepCopy();
        template.with("metadata").set("labels", labels.deepCopy());
        spec.set("template", template);
        return rs;
    }

    private void scaleReplicaSet(JsonNode rs, int replicas) {
        ObjectNode next = ((ObjectNode) rs).deepCopy();
        next.with("spec").put("replicas", replicas);
        store.replace("/apis/apps/v1/namespaces/" + ns(rs) + "/replicasets/" + name(rs), next);
    }
}
