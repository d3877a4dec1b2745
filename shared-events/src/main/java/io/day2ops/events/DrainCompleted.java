package io.day2ops.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A drain ended.
 *
 * @param name the drain's name
 * @param cluster the cluster
 * @param outcome {@code Drained} (every node), {@code Failed} (a node could not be drained in time, or the cluster
 *     could not be reached; the nodes after it were not touched)
 * @param reason why it failed, naming the node and the pods or budgets in the way
 * @param nodes each node handled, in order
 * @param startedAt when it started
 * @param completedAt when it ended
 * @param omitted how many items of each capped list were left out to keep the event small (by list name);
 *     null when none
 * @param cancelledBy who cancelled the drain ({@code /users/<name>}), absent unless it was cancelled
 * @param dryRun true when nothing was touched: {@code outcome} is what the drain would end in, {@code predictions}
 *     says why
 * @param predictions a dry run's prediction per node, in the order the drain would take them
 */
public record DrainCompleted(
        String name,
        String cluster,
        Outcome outcome,
        String reason,
        List<NodeDrain> nodes,
        Instant startedAt,
        Instant completedAt,
        Map<String, Integer> omitted,
        String cancelledBy,
        Boolean dryRun,
        List<NodePrediction> predictions)
        implements Day2Event {

    /** {@code DrainCompleted} of a drain that was carried out. */
    public DrainCompleted(
            String name,
            String cluster,
            Outcome outcome,
            String reason,
            List<NodeDrain> nodes,
            Instant startedAt,
            Instant completedAt,
            Map<String, Integer> omitted,
            String cancelledBy) {
        this(name, cluster, outcome, reason, nodes, startedAt, completedAt, omitted, cancelledBy, null, null);
    }

    /** {@code DrainCompleted} of a drain nobody cancelled. */
    public DrainCompleted(
            String name,
            String cluster,
            Outcome outcome,
            String reason,
            List<NodeDrain> nodes,
            Instant startedAt,
            Instant completedAt,
            Map<String, Integer> omitted) {
        this(name, cluster, outcome, reason, nodes, startedAt, completedAt, omitted, null);
    }

    /** How many entries of {@code nodes} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_NODES = 500;

    public DrainCompleted {
        Map<String, Integer> left = Bounded.counts(omitted);
        nodes = Bounded.cap(nodes, MAX_NODES, "nodes", left);
        predictions = predictions == null ? null : Bounded.cap(predictions, MAX_NODES, "predictions", left);
        omitted = Bounded.done(left);
    }

    @Override
    public String subject() {
        return name;
    }

    /** How a drain ended. */
    public enum Outcome {
        Drained,
        Failed
    }

    /**
     * What draining one node would do (a dry run).
     *
     * @param node the node's name
     * @param drainable whether its drain would go through, given the nodes before it
     * @param evict the pods that would be evicted, {@code <namespace>/<name>}
     * @param skipped the pods that would stay and why (DaemonSet, static)
     * @param blockers what would stop the drain at this node, in words (a budget allowing no disruption, an
     *     unhealthy budget, no schedulable node left for the evicted pods, a pod no controller manages)
     */
    public record NodePrediction(
            String node, boolean drainable, List<String> evict, List<String> skipped, List<String> blockers) {

        public NodePrediction {
            evict = evict == null ? List.of() : List.copyOf(evict);
            skipped = skipped == null ? List.of() : List.copyOf(skipped);
            blockers = blockers == null ? List.of() : List.copyOf(blockers);
        }
    }

    /**
     * One node's drain.
     *
     * @param node the node's name
     * @param drained whether every pod that had to go went
     * @param evicted pods evicted, as {@code <namespace>/<name>}
     * @param skipped pods left in place and why, e.g. {@code kube-system/kube-proxy-x (DaemonSet)}
     * @param refusals eviction attempts a PodDisruptionBudget refused (429) before they went through
     * @param uncordoned whether the node was uncordoned afterwards
     * @param startedAt when its drain started
     * @param completedAt when it ended (the evicted workloads available again)
     * @param message what happened, in words
     */
    public record NodeDrain(
            String node,
            boolean drained,
            List<String> evicted,
            List<String> skipped,
            int refusals,
            boolean uncordoned,
            Instant startedAt,
            Instant completedAt,
            String message) {

        public NodeDrain {
            evicted = evicted == null ? List.of() : List.copyOf(evicted);
            skipped = skipped == null ? List.of() : List.copyOf(skipped);
        }
    }
}
