package io.day2ops.events;

import java.util.List;

/**
 * Asks upgrade-service to drain nodes as {@code kubectl drain} does — cordon, then evict every pod through the eviction
 * API, retrying while a PodDisruptionBudget refuses (429), skipping DaemonSet pods — one node at a time, each only once
 * the workloads evicted from the previous one are available again, so no budget is taken below its minimum.
 *
 * @param name the drain's name, a DNS-1123 subdomain
 * @param cluster the cluster whose nodes are drained
 * @param nodes the nodes, in the order to drain them; empty means every node, workers first, control plane last
 * @param uncordon whether to uncordon each node once drained, before the next (a node-by-node upgrade, where the
 *     kubelet is upgraded in between); false leaves them cordoned (maintenance, a DR test)
 * @param timeout how long one node's drain may take, as a Go duration; default 5m
 * @param force evict pods that no controller manages (they are not recreated), as {@code kubectl drain --force}
 * @param dryRun touch nothing: predict, per node, the pods that would be evicted, the budgets that would block (one
 *     allowing no disruption at all, an unhealthy one, evicted pods with no schedulable node left) and where the drain
 *     would stop; answered by a {@code DrainCompleted} with {@code dryRun} and the {@code predictions}
 */
public record DrainRequested(
        String name,
        String cluster,
        List<String> nodes,
        Boolean uncordon,
        String timeout,
        Boolean force,
        Boolean dryRun)
        implements Day2Event {

    /** A drain that is carried out. */
    public DrainRequested(
            String name, String cluster, List<String> nodes, Boolean uncordon, String timeout, Boolean force) {
        this(name, cluster, nodes, uncordon, timeout, force, null);
    }

    public DrainRequested {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    @Override
    public String subject() {
        return name;
    }
}
