package io.day2ops.upgrade.k8s;

import io.day2ops.events.DrainCompleted.NodeDrain;
import io.day2ops.events.DrainCompleted.Outcome;
import io.day2ops.foundation.jobs.JobProgress;
import io.day2ops.upgrade.domain.checks.Selectors;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drains nodes as {@code kubectl drain} does, one at a time: cordon; refuse (before evicting anything) when pods no
 * controller manages are on it, unless forced; evict every other pod through the eviction API, retrying those a
 * PodDisruptionBudget refuses (429) until the timeout; skip DaemonSet and static pods; wait until the evicted pods are
 * gone and their Deployments and StatefulSets are available again; then, for a node-by-node upgrade, uncordon. The next
 * node starts only then, so the budgets are never taken below their minimum by the plan. Blocking.
 */
public final class NodeDrainer {

    static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";
    static final String MIRROR = "kubernetes.io/config.mirror";

    /**
     * What to drain.
     *
     * @param nodes the nodes in order; empty for every node, workers first, control plane last
     * @param uncordon uncordon each node once drained
     * @param timeout per node
     * @param force also evict pods no controller manages
     * @param retry how long to wait before evicting refused pods again (kubectl waits 5 s)
     */
    public record Plan(List<String> nodes, boolean uncordon, Duration timeout, boolean force, Duration retry) {}

    /** How the drain ended. */
    public record Result(Outcome outcome, String reason, List<NodeDrain> nodes) {}

    private final KubernetesClient client;
    private final Clock clock;
    private final JobProgress progress;

    public NodeDrainer(KubernetesClient client, Clock clock) {
        this(client, clock, JobProgress.NONE);
    }

    /**
     * @param progress told each stage (cordoning, evicting, waiting for availability, per node) and each pod evicted,
     *     so that a drain that stops advancing is failed as stuck ({@code day2.jobs.stuck-after})
     */
    public NodeDrainer(KubernetesClient client, Clock clock, JobProgress progress) {
        this.client = client;
        this.clock = clock;
        this.progress = progress;
    }

    private java.util.function.Supplier<String> abort = () -> null;

    /** A cancel stops the drain before its next node or round of evictions; cordoned nodes stay so (as kubectl's). */
    public NodeDrainer abortWhen(java.util.function.Supplier<String> cancelledBy) {
        this.abort = cancelledBy;
        return this;
    }

    public Result run(Plan plan) throws InterruptedException {
        List<String> order;
        if (plan.nodes().isEmpty()) {
            order = client.nodes().list().getItems().stream()
                    .sorted(Comparator.comparing((Node n) -> labels(n).containsKey(CONTROL_PLANE))
                            .thenComparing(n -> n.getMetadata().getName()))
                    .map(n -> n.getMetadata().getName())
                    .toList();
        } else {
            order = plan.nodes();
            List<String> missing = order.stream()
                    .filter(n -> client.nodes().withName(n).get() == null)
                    .toList();
            if (!missing.isEmpty()) {
                return new Result(Outcome.Failed, "no such node(s): " + missing + "; nothing was cordoned", List.of());
            }
        }
        List<NodeDrain> drained = new ArrayList<>();
        for (String node : order) {
            String cancelledBy = abort.get();
            if (cancelledBy != null) {
                String left = "not started: " + order.subList(drained.size(), order.size());
                return new Result(
                        Outcome.Failed, "cancelled by " + cancelledBy + " before node " + node + "; " + left, drained);
            }
            NodeDrain result = drain(node, plan);
            drained.add(result);
            if (!result.drained() || result.message().startsWith("drained, but")) {
                return new Result(
                        Outcome.Failed,
                        "node " + node + ": " + result.message()
                                + (drained.size() < order.size()
                                        ? "; not started: " + order.subList(drained.size(), order.size())
                                        : ""),
                        drained);
            }
        }
        return new Result(Outcome.Drained, null, drained);
    }

    /**
     * Cordons or uncordons as {@code kubectl cordon} does: a merge patch of {@code spec.unschedulable} alone, without
     * the resourceVersion, so the kubelet's status updates to the same Node cannot make it fail with 409 Conflict (an
     * edit of the whole object did, on a busy node).
     */
    private void setUnschedulable(String node, boolean unschedulable) {
        client.nodes()
                .withName(node)
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"spec\": {\"unschedulable\": " + unschedulable + "}}");
    }

    private NodeDrain drain(String node, Plan plan) throws InterruptedException {
        Instant started = clock.instant();
        Instant deadline = started.plus(plan.timeout());
        progress.stage("cordoning " + node);
        setUnschedulable(node, true);
        List<String> skipped = new ArrayList<>();
        List<String> unmanaged = new ArrayList<>();
        Map<String, Pod> toEvict = new LinkedHashMap<>();
        for (Pod pod : client.pods()
                .inAnyNamespace()
                .withField("spec.nodeName", node)
                .list()
                .getItems()) {
            String id = id(pod);
            OwnerReference controller = controller(pod);
            Map<String, String> annotations = pod.getMetadata().getAnnotations();
            if (annotations != null && annotations.containsKey(MIRROR)) {
                skipped.add(id + " (static pod)");
            } else if (controller != null && "DaemonSet".equals(controller.getKind())) {
                skipped.add(id + " (DaemonSet)");
            } else if (controller == null && !isFinished(pod) && !plan.force()) {
                unmanaged.add(id);
            } else {
                toEvict.put(id, pod);
            }
        }
        if (!unmanaged.isEmpty()) {
            return new NodeDrain(
                    node,
                    false,
                    List.of(),
                    skipped,
                    0,
                    false,
                    started,
                    clock.instant(),
                    "pods not managed by a controller would be lost: " + unmanaged
                            + "; nothing was evicted (ask with force to evict them anyway); the node stays cordoned");
        }
        Set<String> owners = new LinkedHashSet<>();
        for (Pod pod : toEvict.values()) {
            String owner = workloadOf(pod);
            if (owner != null) {
                owners.add(owner);
            }
        }
        progress.stage("evicting " + toEvict.size() + " pods from " + node);
        List<String> evicted = new ArrayList<>();
        int refusals = 0;
        Map<String, String> refusedBy = new LinkedHashMap<>();
        while (!toEvict.isEmpty()) {
            for (var it = toEvict.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                Pod pod = entry.getValue();
                boolean gone;
                try {
                    gone = client.pods()
                            .inNamespace(pod.getMetadata().getNamespace())
                            .withName(pod.getMetadata().getName())
                            .evict();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                    gone = true; // deleted meanwhile (its controller replaced it): as kubectl drain, done
                }
                if (gone
                        || client.pods()
                                        .inNamespace(pod.getMetadata().getNamespace())
                                        .withName(pod.getMetadata().getName())
                                        .get()
                                == null) {
                    evicted.add(entry.getKey());
                    progress.advanced();
                    refusedBy.remove(entry.getKey());
                    it.remove();
                } else {
                    refusals++;
                    refusedBy.put(entry.getKey(), budgetOf(pod));
                }
            }
            if (toEvict.isEmpty()) {
                break;
            }
            String cancelledBy = abort.get();
            if (cancelledBy != null) {
                return new NodeDrain(
                        node,
                        false,
                        evicted,
                        skipped,
                        refusals,
                        false,
                        started,
                        clock.instant(),
                        "cancelled by " + cancelledBy + " while evicting: " + evicted.size() + " pods evicted, not "
                                + toEvict.keySet() + "; the node stays cordoned (kubectl uncordon " + node + ")");
            }
            if (clock.instant().isAfter(deadline)) {
                List<String> blocked = new ArrayList<>();
                refusedBy.forEach((pod, budget) -> blocked.add(pod + " refused by " + budget));
                return new NodeDrain(
                        node,
                        false,
                        evicted,
                        skipped,
                        refusals,
                        false,
                        started,
                        clock.instant(),
                        "not drained within " + plan.timeout().toSeconds() + " s: " + String.join("; ", blocked)
                                + "; the node stays cordoned");
            }
            Thread.sleep(plan.retry().toMillis());
        }
        progress.stage("waiting for " + owners.size() + " workloads evicted from " + node + " to be available again");
        String waiting = awaitAvailable(owners, deadline);
        boolean uncordoned = false;
        if (plan.uncordon()) {
            setUnschedulable(node, false);
            uncordoned = true;
        }
        String message = evicted.size() + " pods evicted, " + skipped.size() + " skipped"
                + (refusals == 0 ? "" : ", " + refusals + " evictions refused by a budget and retried");
        return new NodeDrain(
                node,
                true,
                evicted,
                skipped,
                refusals,
                uncordoned,
                started,
                clock.instant(),
                waiting == null
                        ? message + "; workloads available again"
                        : "drained, but " + waiting + " (" + message + ")");
    }

    /** Waits until the workloads are fully available again; null when they are, else which are not. */
    private String awaitAvailable(Set<String> owners, Instant deadline) throws InterruptedException {
        while (true) {
            List<String> waiting = new ArrayList<>();
            for (String owner : owners) {
                String[] parts = owner.split("/", 3);
                if (!available(parts[0], parts[1], parts[2])) {
                    waiting.add(owner);
                }
            }
            if (waiting.isEmpty()) {
                return null;
            }
            if (clock.instant().isAfter(deadline)) {
                return "not available again in time: " + waiting;
            }
            Thread.sleep(200);
        }
    }

    private boolean available(String kind, String namespace, String name) {
        if ("StatefulSet".equals(kind)) {
            StatefulSet set = client.apps()
                    .statefulSets()
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
            if (set == null || set.getStatus() == null) {
                return set == null;
            }
            int desired =
                    set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
            return orZero(set.getStatus().getReadyReplicas()) >= desired;
        }
        Deployment deployment = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .get();
        if (deployment == null || deployment.getStatus() == null) {
            return deployment == null;
        }
        int desired = deployment.getSpec().getReplicas() == null
                ? 1
                : deployment.getSpec().getReplicas();
        return orZero(deployment.getStatus().getAvailableReplicas()) >= desired;
    }

    /** The Deployment or StatefulSet behind a pod, as {@code kind/namespace/name}; null for other owners. */
    private String workloadOf(Pod pod) {
        OwnerReference controller = controller(pod);
        if (controller == null) {
            return null;
        }
        String namespace = pod.getMetadata().getNamespace();
        if ("StatefulSet".equals(controller.getKind())) {
            return "StatefulSet/" + namespace + "/" + controller.getName();
        }
        if ("ReplicaSet".equals(controller.getKind())) {
            ReplicaSet rs = client.apps()
                    .replicaSets()
                    .inNamespace(namespace)
                    .withName(controller.getName())
                    .get();
            OwnerReference deployment =
                    rs == null ? null : controller(rs.getMetadata().getOwnerReferences());
            if (deployment != null && "Deployment".equals(deployment.getKind())) {
                return "Deployment/" + namespace + "/" + deployment.getName();
            }
        }
        return null;
    }

    /** The budget that refused a pod's eviction, described with its current numbers. */
    private String budgetOf(Pod pod) {
        for (PodDisruptionBudget budget : client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(pod.getMetadata().getNamespace())
                .list()
                .getItems()) {
            if (budget.getSpec().getSelector() != null
                    && Selectors.selects(
                            budget.getSpec().getSelector(), pod.getMetadata().getLabels())) {
                var status = budget.getStatus();
                return "PodDisruptionBudget " + budget.getMetadata().getName()
                        + (status == null
                                ? ""
                                : " (needs " + orZero(status.getDesiredHealthy()) + " healthy pods and has "
                                        + orZero(status.getCurrentHealthy()) + ")");
            }
        }
        return "the API server (429 without a budget)";
    }

    static OwnerReference controller(Pod pod) {
        return controller(pod.getMetadata().getOwnerReferences());
    }

    private static OwnerReference controller(List<OwnerReference> references) {
        if (references == null) {
            return null;
        }
        return references.stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()))
                .findFirst()
                .orElse(references.isEmpty() ? null : references.get(0));
    }

    static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static String id(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    static Map<String, String> labels(Node node) {
        return node.getMetadata().getLabels() == null
                ? Map.of()
                : node.getMetadata().getLabels();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
