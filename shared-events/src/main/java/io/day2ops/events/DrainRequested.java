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
 */
public record DrainRequested(
        String name, String cluster, List<String> nodes, Boolean uncordon, String timeout, Boolean force)
        implements Day2Event {

    public DrainRequested {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    @Override
    public String subject() {
        return name;
    }
}
