package io.day2ops.localstack.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The simulated control plane of a sandbox, one reconcile pass per {@link #tick()}: Deployments roll ReplicaSets by
 * {@code maxSurge}/{@code maxUnavailable} and report {@code progressDeadlineSeconds}; ReplicaSets keep their Pods;
 * a scheduler puts Pods on schedulable (not cordoned) Nodes; a kubelet turns them Ready after the readiness probe's
 * {@code initialDelaySeconds} (an image tagged {@code broken*} never pulls, {@code crash*} crash-loops); StatefulSets roll from the highest ordinal down to {@code partition}; PVCs bind;
 * PodDisruptionBudget status and Service endpoints follow the pods; VolumeSnapshots become {@code readyToUse}.
 *
 * <p>Times from the objects (probe delays, progress deadlines) are divided by {@code speed}: at 10, a 5 s readiness
 * delay takes half a second.
 */
final class Controllers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final double speed;
    private final SnapshotController snapshots;
    /** When each pod's containers started (sandbox clock, ms); readiness counts from here. */
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    /** Per deployment uid: the last observed progress and when it happened. */
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    /** StatefulSet revisions: hash to pod template, so pods below the partition keep their old template. */
    private final Map<String, JsonNode> revisions = new ConcurrentHashMap<>();

    private record Progress(String fingerprint, long at) {}

    /** Pods put on each node during the current pass (the pass works on one listing). */
    private final Map<String, Integer> scheduledThisPass = new java.util.HashMap<>();

    Controllers(Store store, double speed) {
        this.store = store;
        this.speed = speed;
        this.snapshots = new SnapshotController(store);
    }

    /**
     * One reconcile pass over everything. Each kind is listed once per pass (every list scans the whole store) and
     * handed to the controllers by namespace, as informer caches would; what a controller writes during the pass is
     * seen on the next one.
     */
    void tick() {
        long now = System.currentTimeMillis();
        List<JsonNode> nodes = store.list("/api/v1/nodes");
        List<JsonNode> replicaSets = store.list("/apis/apps/v1/replicasets");
        Map<String, List<JsonNode>> replicaSetsByNamespace = byNamespace(replicaSets);
        Map<String, List<JsonNode>> podsByNamespace = byNamespace(store.list("/api/v1/pods"));
        for (JsonNode deployment : store.list("/apis/apps/v1/deployments")) {
            reconcileDeployment(
                    deployment,
                    inNamespace(replicaSetsByNamespace, deployment),
                    inNamespace(podsByNamespace, deployment),
                    now);
        }
        for (JsonNode set : replicaSets) {
            reconcileReplicaSet(set, inNamespace(podsByNamespace, set));
        }
        for (JsonNode set : store.list("/apis/apps/v1/statefulsets")) {
            reconcileStatefulSet(set, inNamespace(podsByNamespace, set));
        }
        // Listed again: the pods created above are scheduled and started in this same pass.
        List<JsonNode> pods = store.list("/api/v1/pods");
        scheduledThisPass.clear();
        for (JsonNode pod : pods) {
            schedule(pod, nodes, pods);
            kubelet(pod, now);
        }
        podsByNamespace = byNamespace(pods);
        bindClaims();
        budgets(podsByNamespace);
        endpoints(podsByNamespace);
        snapshots.reconcile();
    }

    private static Map<String, List<JsonNode>> byNamespace(List<JsonNode> objects) {
        Map<String, List<JsonNode>> grouped = new java.util.HashMap<>();
        for (JsonNode object : objects) {
            grouped.computeIfAbsent(ns(object), n -> new ArrayList<>()).add(object);
        }
        return grouped;
    }

    private static List<JsonNode> inNamespace(Map<String, List<JsonNode>> grouped, JsonNode owner) {
        return grouped.getOrDefault(ns(owner), List.of());
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

    // ---- ReplicaSets

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

    // ---- StatefulSets

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

    // ---- scheduler and kubelet

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

    private void kubelet(JsonNode pod, long now) {
        String uid = pod.path("metadata").path("uid").asText();
        Long started = startedAt.get(uid);
        if (started == null) {
            if (pod.path("spec").path("nodeName").asText().isEmpty()) {
                return;
            }
            startedAt.put(uid, now);
            started = now;
        }
        if (brokenContainers(pod)) {
            return;
        }
        long delay = 0;
        for (JsonNode container : pod.path("spec").path("containers")) {
            delay = Math.max(
                    delay,
                    container.path("readinessProbe").path("initialDelaySeconds").asLong(0) * 1000);
        }
        boolean ready = now - started >= delay / speed;
        if (Selectors.isReady(pod) == ready
                && "Running".equals(pod.path("status").path("phase").asText())) {
            return;
        }
        ObjectNode status = JSON.createObjectNode();
        status.put("phase", "Running");
        status.put(
                "hostIP",
                "10.0.0." + (Math.abs(pod.path("spec").path("nodeName").asText().hashCode()) % 250 + 1));
        status.put(
                "podIP",
                "10.244." + ThreadLocalRandom.current().nextInt(1, 250) + "."
                        + ThreadLocalRandom.current().nextInt(1, 250));
        status.put("startTime", SandboxDispatcher.now());
        ArrayNode conditions = status.putArray("conditions");
        for (String type : List.of("Initialized", "PodScheduled")) {
            conditions.addObject().put("type", type).put("status", "True");
        }
        conditions.addObject().put("type", "ContainersReady").put("status", ready ? "True" : "False");
        conditions.addObject().put("type", "Ready").put("status", ready ? "True" : "False");
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode container : pod.path("spec").path("containers")) {
            ObjectNode cs = containers.addObject();
            cs.put("name", container.path("name").asText());
            cs.put("image", container.path("image").asText());
            cs.put("ready", ready);
            cs.put("started", true);
            cs.put("restartCount", 0);
            cs.putObject("state").putObject("running").put("startedAt", SandboxDispatcher.now());
        }
        writeStatus("/api/v1/namespaces/" + ns(pod) + "/pods/" + name(pod), pod, status);
    }

    /**
     * What the sandbox's kubelet makes of an image it cannot run: a tag starting with {@code broken} (e.g.
     * {@code nginx:broken}) cannot be pulled (pod Pending, ImagePullBackOff); a tag starting with {@code crash} starts
     * and exits again (pod Running, CrashLoopBackOff). Neither ever turns Ready. Returns whether the pod has such an
     * image (its status then written once).
     */
    private boolean brokenContainers(JsonNode pod) {
        String reason = null;
        for (JsonNode container : pod.path("spec").path("containers")) {
            String failure = imageFailure(container.path("image").asText());
            if (failure != null) {
                reason = reason == null || "ImagePullBackOff".equals(failure) ? failure : reason;
            }
        }
        if (reason == null) {
            return false;
        }
        String phase = "ImagePullBackOff".equals(reason) ? "Pending" : "Running";
        boolean written = phase.equals(pod.path("status").path("phase").asText());
        boolean waiting = false;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            written &= !cs.path("ready").asBoolean(false);
            waiting |= reason.equals(
                    cs.path("state").path("waiting").path("reason").asText());
        }
        if (written && waiting) {
            return true;
        }
        ObjectNode status = JSON.createObjectNode();
        status.put("phase", phase);
        status.put("startTime", SandboxDispatcher.now());
        ArrayNode conditions = status.putArray("conditions");
        conditions.addObject().put("type", "PodScheduled").put("status", "True");
        conditions.addObject().put("type", "ContainersReady").put("status", "False");
        conditions.addObject().put("type", "Ready").put("status", "False");
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode container : pod.path("spec").path("containers")) {
            String failure = imageFailure(container.path("image").asText());
            ObjectNode cs = containers.addObject();
            cs.put("name", container.path("name").asText());
            cs.put("image", container.path("image").asText());
            cs.put("ready", false);
            cs.put("started", failure == null);
            cs.put("restartCount", "CrashLoopBackOff".equals(failure) ? 3 : 0);
            if (failure == null) {
                cs.putObject("state").putObject("running").put("startedAt", SandboxDispatcher.now());
            } else {
                cs.putObject("state")
                        .putObject("waiting")
                        .put("reason", failure)
                        .put(
                                "message",
                                "ImagePullBackOff".equals(failure)
                                        ? "Back-off pulling image \""
                                                + container.path("image").asText() + "\""
                                        : "back-off restarting failed container "
                                                + container.path("name").asText());
            }
        }
        writeStatus("/api/v1/namespaces/" + ns(pod) + "/pods/" + name(pod), pod, status);
        return true;
    }

    private static String imageFailure(String image) {
        int colon = image.lastIndexOf(':');
        String tag = colon < 0 || image.lastIndexOf('/') > colon ? "" : image.substring(colon + 1);
        if (tag.startsWith("broken")) {
            return "ImagePullBackOff";
        }
        return tag.startsWith("crash") ? "CrashLoopBackOff" : null;
    }

    private static boolean nodeReady(JsonNode node) {
        for (JsonNode condition : node.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return "True".equals(condition.path("status").asText());
            }
        }
        return true;
    }

    // ---- storage, budgets, endpoints, snapshots

    private void bindClaims() {
        for (JsonNode pvc : store.list("/api/v1/persistentvolumeclaims")) {
            if ("Bound".equals(pvc.path("status").path("phase").asText())) {
                continue;
            }
            String className = pvc.path("spec").path("storageClassName").asText("standard");
            JsonNode storageClass = store.get("/apis/storage.k8s.io/v1/storageclasses/" + className);
            if (storageClass == null) {
                // Pending, as the real provisioner leaves it: "storageclass.storage.k8s.io \"x\" not found".
                continue;
            }
            String restoredFrom = snapshotToRestore(pvc);
            if (restoredFrom != null && restoredFrom.isEmpty()) {
                // Pending until its VolumeSnapshot is ready, as the external provisioner waits.
                continue;
            }
            String pvName = "pvc-" + pvc.path("metadata").path("uid").asText();
            String size = pvc.path("spec")
                    .path("resources")
                    .path("requests")
                    .path("storage")
                    .asText("1Gi");
            if (store.get("/api/v1/persistentvolumes/" + pvName) == null) {
                ObjectNode pv = JSON.createObjectNode();
                pv.put("apiVersion", "v1");
                pv.put("kind", "PersistentVolume");
                ObjectNode pvMetadata = pv.putObject("metadata").put("name", pvName);
                if (restoredFrom != null) {
                    pvMetadata.putObject("annotations").put(SandboxCluster.RESTORED_FROM_SNAPSHOT, restoredFrom);
                }
                ObjectNode spec = pv.putObject("spec");
                spec.putObject("capacity").put("storage", size);
                spec.set("accessModes", pvc.path("spec").path("accessModes").deepCopy());
                spec.put(
                        "persistentVolumeReclaimPolicy",
                        storageClass.path("reclaimPolicy").asText("Delete"));
                spec.put("storageClassName", className);
                ObjectNode claimRef = spec.putObject("claimRef");
                claimRef.put("kind", "PersistentVolumeClaim");
                claimRef.put("namespace", ns(pvc));
                claimRef.put("name", name(pvc));
                claimRef.put("uid", pvc.path("metadata").path("uid").asText());
                ObjectNode csi = spec.putObject("csi");
                csi.put("driver", storageClass.path("provisioner").asText("hostpath.csi.k8s.io"));
                csi.put(
                        "volumeHandle",
                        "vol-" + pvc.path("metadata").path("uid").asText());
                pv.putObject("status").put("phase", "Bound");
                store.create("/api/v1/persistentvolumes", pv);
            }
            String path = "/api/v1/namespaces/" + ns(pvc) + "/persistentvolumeclaims/" + name(pvc);
            ObjectNode next = ((ObjectNode) pvc).deepCopy();
            next.with("spec").put("volumeName", pvName);
            next.with("spec").put("storageClassName", className);
            if (store.replace(path, next)) {
                JsonNode stored = store.get(path);
                ObjectNode status = JSON.createObjectNode();
                status.put("phase", "Bound");
                status.set("accessModes", pvc.path("spec").path("accessModes").deepCopy());
                status.putObject("capacity").put("storage", size);
                writeStatus(path, stored, status);
            }
        }
    }

    /**
     * The snapshot handle a claim is to be provisioned from: null when it has no VolumeSnapshot data source, empty
     * while that snapshot is not ready or its data is gone.
     */
    private String snapshotToRestore(JsonNode pvc) {
        JsonNode source = pvc.path("spec").path("dataSource");
        if (!"VolumeSnapshot".equals(source.path("kind").asText())) {
            return null;
        }
        JsonNode snapshot = store.get("/apis/snapshot.storage.k8s.io/v1/namespaces/" + ns(pvc) + "/volumesnapshots/"
                + source.path("name").asText());
        if (snapshot == null || !snapshot.path("status").path("readyToUse").asBoolean(false)) {
            return "";
        }
        JsonNode content = store.get(SnapshotController.CONTENTS + "/"
                + snapshot.path("status").path("boundVolumeSnapshotContentName").asText());
        String handle = content == null
                ? ""
                : content.path("status").path("snapshotHandle").asText("");
        return CsiSnapshots.exists(handle) ? handle : "";
    }

    private void budgets(Map<String, List<JsonNode>> podsByNamespace) {
        for (JsonNode budget : store.list("/apis/policy/v1/poddisruptionbudgets")) {
            Disruptions.Budget state = Disruptions.evaluate(budget, inNamespace(podsByNamespace, budget), store::get);
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

    private void endpoints(Map<String, List<JsonNode>> podsByNamespace) {
        for (JsonNode service : store.list("/api/v1/services")) {
            JsonNode selector = service.path("spec").path("selector");
            if (!selector.isObject() || selector.isEmpty()) {
                continue;
            }
            ObjectNode labelSelector = JSON.createObjectNode();
            labelSelector.set("matchLabels", selector);
            ObjectNode endpoints = JSON.createObjectNode();
            endpoints.put("apiVersion", "v1");
            endpoints.put("kind", "Endpoints");
            endpoints.putObject("metadata").put("name", name(service)).put("namespace", ns(service));
            ObjectNode subset = JSON.createObjectNode();
            ArrayNode ready = subset.putArray("addresses");
            ArrayNode notReady = subset.putArray("notReadyAddresses");
            for (JsonNode pod : inNamespace(podsByNamespace, service)) {
                if (!Selectors.matches(labelSelector, pod.path("metadata").path("labels"))) {
                    continue;
                }
                ObjectNode address = (Selectors.isReady(pod) ? ready : notReady).addObject();
                address.put("ip", pod.path("status").path("podIP").asText(""));
                address.putObject("targetRef")
                        .put("kind", "Pod")
                        .put("name", name(pod))
                        .put("namespace", ns(pod));
            }
            ArrayNode ports = subset.putArray("ports");
            for (JsonNode port : service.path("spec").path("ports")) {
                ports.addObject()
                        .put(
                                "port",
                                port.path("targetPort").asInt(port.path("port").asInt()))
                        .put("protocol", "TCP");
            }
            endpoints.putArray("subsets").add(subset);
            String path = "/api/v1/namespaces/" + ns(service) + "/endpoints/" + name(service);
            JsonNode current = store.get(path);
            if (current == null) {
                store.create("/api/v1/namespaces/" + ns(service) + "/endpoints", endpoints);
            } else if (!Objects.equals(current.path("subsets"), endpoints.path("subsets"))) {
                endpoints
                        .with("metadata")
                        .set("resourceVersion", current.path("metadata").path("resourceVersion"));
                store.replace(path, endpoints);
            }
        }
    }

    // ---- helpers

    private void deletePod(JsonNode pod) {
        store.delete("/api/v1/namespaces/" + ns(pod) + "/pods/" + name(pod));
        startedAt.remove(pod.path("metadata").path("uid").asText());
    }

    private void writeStatus(String path, JsonNode current, ObjectNode status) {
        if (!Objects.equals(current.path("status"), status)) {
            store.replaceStatus(path, current, status);
        }
    }

    private static void condition(
            ArrayNode conditions, JsonNode owner, String type, boolean value, String reason, String message) {
        ObjectNode condition = conditions.addObject();
        condition.put("type", type);
        condition.put("status", value ? "True" : "False");
        condition.put("reason", reason);
        condition.put("message", message);
        // Keep the transition time stable while the condition does not change, as the API server does.
        String since = SandboxDispatcher.now();
        for (JsonNode old : owner.path("status").path("conditions")) {
            if (type.equals(old.path("type").asText())
                    && condition
                            .path("status")
                            .asText()
                            .equals(old.path("status").asText())
                    && reason.equals(old.path("reason").asText())) {
                since = old.path("lastTransitionTime").asText(since);
            }
        }
        condition.put("lastTransitionTime", since);
        condition.put("lastUpdateTime", since);
    }

    private static ObjectNode podFrom(JsonNode template, String ns, String name, JsonNode owner, String ownerKind) {
        ObjectNode pod = JSON.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", ns);
        if (template.path("metadata").has("labels")) {
            meta.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        if (template.path("metadata").has("annotations")) {
            meta.set(
                    "annotations", template.path("metadata").path("annotations").deepCopy());
        }
        meta.putArray("ownerReferences").add(ownerReference(owner, "apps/v1", ownerKind));
        pod.set("spec", template.path("spec").deepCopy());
        pod.putObject("status").put("phase", "Pending");
        return pod;
    }

    private static ObjectNode ownerReference(JsonNode owner, String apiVersion, String kind) {
        ObjectNode ref = JSON.createObjectNode();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", name(owner));
        ref.put("uid", owner.path("metadata").path("uid").asText());
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }

    private static boolean ownedBy(JsonNode object, String uid) {
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (uid.equals(ref.path("uid").asText())) {
                return true;
            }
        }
        return false;
    }

    private static int podsOf(List<JsonNode> pods, JsonNode rs) {
        String uid = rs.path("metadata").path("uid").asText();
        return (int) pods.stream().filter(p -> ownedBy(p, uid)).count();
    }

    private static int readyPods(List<JsonNode> pods, JsonNode rs) {
        String uid = rs.path("metadata").path("uid").asText();
        return (int) pods.stream()
                .filter(p -> ownedBy(p, uid) && Selectors.isReady(p))
                .count();
    }

    static String hash(JsonNode template) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(template.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return s.toString();
    }

    static String ns(JsonNode object) {
        return object.path("metadata").path("namespace").asText();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }
}
