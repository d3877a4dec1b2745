package io.day2ops.upgrade.k8s;

import io.day2ops.events.DrainCompleted.NodePrediction;
import io.day2ops.upgrade.domain.checks.Findings;
import io.day2ops.upgrade.domain.checks.Selectors;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A drain's dry run: what {@link NodeDrainer} would do, read once and decided before anything is touched. Per node, in
 * drain order: the pods it would evict and those it would leave (DaemonSet, static), and what would stop it there — a
 * PodDisruptionBudget that allows no disruption at all (minAvailable equal to its pods, maxUnavailable 0: the eviction
 * API refuses forever), an unhealthy budget (fewer healthy pods than it needs: refused until it recovers), evicted
 * pods with no schedulable node left (every other node cordoned by this drain, unschedulable or tainted NoSchedule), a
 * pod no controller manages without {@code force}. The drain stops at the first node that cannot be drained, as the
 * real one does.
 */
public final class DrainPrediction {

    /** The prediction: per node, and whether the whole drain would go through. */
    public record Result(boolean drainable, String reason, List<NodePrediction> nodes) {}

    private DrainPrediction() {}

    /** Reads the cluster and predicts; {@code nodes} empty means every node, workers first. */
    public static Result read(KubernetesClient client, List<String> nodes, boolean uncordon, boolean force) {
        List<Node> all = client.nodes().list().getItems();
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
        List<PodDisruptionBudget> budgets = client.policy()
                .v1()
                .podDisruptionBudget()
                .inAnyNamespace()
                .list()
                .getItems();
        return predict(all, pods, budgets, nodes, uncordon, force);
    }

    public static Result predict(
            List<Node> all,
            List<Pod> pods,
            List<PodDisruptionBudget> budgets,
            List<String> requested,
            boolean uncordon,
            boolean force) {
        List<String> order = requested.isEmpty()
                ? all.stream()
                        .sorted(Comparator.comparing(
                                        (Node n) -> NodeDrainer.labels(n).containsKey(NodeDrainer.CONTROL_PLANE))
                                .thenComparing(n -> n.getMetadata().getName()))
                        .map(n -> n.getMetadata().getName())
                        .toList()
                : requested;
        Set<String> known = new HashSet<>();
        all.forEach(n -> known.add(n.getMetadata().getName()));
        List<String> missing = order.stream().filter(n -> !known.contains(n)).toList();
        if (!missing.isEmpty()) {
            return new Result(false, "no such node(s): " + missing + "; nothing would be cordoned", List.of());
        }
        Set<String> cordoned = new HashSet<>();
        List<NodePrediction> predictions = new ArrayList<>();
        for (String node : order) {
            NodePrediction prediction = node(node, all, pods, budgets, cordoned, force);
            predictions.add(prediction);
            if (!prediction.drainable()) {
                List<String> after = order.subList(predictions.size(), order.size());
                return new Result(
                        false,
                        "the drain would stop at node " + node + ": " + String.join("; ", prediction.blockers())
                                + (after.isEmpty() ? "" : "; not started: " + after),
                        predictions);
            }
            if (!uncordon) {
                cordoned.add(node);
            }
        }
        return new Result(true, null, predictions);
    }

    private static NodePrediction node(
            String node,
            List<Node> all,
            List<Pod> pods,
            List<PodDisruptionBudget> budgets,
            Set<String> cordoned,
            boolean force) {
        List<String> evict = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        List<Pod> leaving = new ArrayList<>();
        for (Pod pod : pods) {
            if (!node.equals(pod.getSpec().getNodeName()) || NodeDrainer.isFinished(pod)) {
                continue;
            }
            String key = NodeDrainer.id(pod);
            OwnerReference controller = NodeDrainer.controller(pod);
            if (pod.getMetadata().getAnnotations() != null
                    && pod.getMetadata().getAnnotations().containsKey(NodeDrainer.MIRROR)) {
                skipped.add(key + " (static)");
            } else if (controller != null && "DaemonSet".equals(controller.getKind())) {
                skipped.add(key + " (DaemonSet)");
            } else {
                if (controller == null && !force) {
                    blockers.add("pod " + key + " has no controller: it would not come back (force evicts it)");
                }
                evict.add(key);
                leaving.add(pod);
            }
        }
        long targets = all.stream()
                .filter(n -> !n.getMetadata().getName().equals(node)
                        && !cordoned.contains(n.getMetadata().getName())
                        && schedulable(n))
                .count();
        if (!leaving.isEmpty() && targets == 0) {
            blockers.add("its " + leaving.size() + " evicted pods would have no schedulable node left (the others are"
                    + " cordoned" + (cordoned.isEmpty() ? "" : ", " + cordoned + " by this drain") + ", or tainted"
                    + " NoSchedule): they would stay Pending");
        }
        for (PodDisruptionBudget budget : budgets) {
            List<Pod> covered = pods.stream()
                    .filter(p -> p.getMetadata()
                                    .getNamespace()
                                    .equals(budget.getMetadata().getNamespace())
                            && !NodeDrainer.isFinished(p)
                            && Selectors.selects(
                                    budget.getSpec().getSelector(),
                                    p.getMetadata().getLabels()))
                    .toList();
            if (leaving.stream().noneMatch(covered::contains)) {
                continue;
            }
            String blocker = budgetBlocker(budget, covered);
            if (blocker != null) {
                blockers.add(blocker);
            }
        }
        return new NodePrediction(node, blockers.isEmpty(), evict, skipped, blockers);
    }

    /** Why a budget would refuse this node's evictions, or null when it allows at least one disruption. */
    static String budgetBlocker(PodDisruptionBudget budget, List<Pod> covered) {
        String name =
                budget.getMetadata().getNamespace() + "/" + budget.getMetadata().getName();
        int expected = covered.size();
        int healthy = (int) covered.stream().filter(DrainPrediction::ready).count();
        IntOrString min = budget.getSpec().getMinAvailable();
        IntOrString max = budget.getSpec().getMaxUnavailable();
        int desired;
        String rule;
        if (min != null) {
            desired = Findings.resolve(min, expected, true, 0);
            rule = "minAvailable " + text(min);
        } else if (max != null) {
            desired = expected - Findings.resolve(max, expected, false, 1);
            rule = "maxUnavailable " + text(max);
        } else {
            return null;
        }
        if (desired >= expected) {
            return "PodDisruptionBudget " + name + " allows no disruption at all (" + rule + " of " + expected
                    + " pods): every eviction would be refused until the budget or the replicas change";
        }
        if (healthy - desired <= 0) {
            return "PodDisruptionBudget " + name + " is unhealthy (" + healthy + " of " + expected + " pods ready, "
                    + rule + "): evictions would be refused until it recovers";
        }
        return null;
    }

    private static String text(IntOrString value) {
        return value.getIntVal() != null ? String.valueOf(value.getIntVal()) : value.getStrVal();
    }

    private static boolean schedulable(Node node) {
        if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return false;
        }
        List<Taint> taints = node.getSpec().getTaints();
        return taints == null || taints.stream().noneMatch(t -> "NoSchedule".equals(t.getEffect()));
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
