package io.day2ops.events;

import java.util.List;

/**
 * Asks upgrade-service to roll a workload to a new image, with automatic rollback, the way Argo Rollouts would.
 *
 * @param name the rollout's name, a DNS-1123 subdomain
 * @param cluster the cluster the workload runs in
 * @param namespace the workload's namespace
 * @param kind {@code Deployment} (surge strategy) or {@code StatefulSet} (partition strategy)
 * @param workload the workload's name
 * @param strategy {@code surge} or {@code partition}
 * @param container the container to change; absent means the first one
 * @param image the new image
 * @param maxSurge for surge: pods above the desired count during the rollout (a number or a percentage)
 * @param maxUnavailable for surge: pods that may be unavailable during the rollout (a number or a percentage)
 * @param partitionSteps for partition: the partition values to step through, descending to 0; absent means one pod
 *     at a time
 * @param pauseBetweenSteps for partition: how long to wait between steps, as a Go duration
 * @param progressDeadline how long a step may take before it is declared failed and rolled back, as a Go duration
 */
public record RolloutRequested(
        String name,
        String cluster,
        String namespace,
        String kind,
        String workload,
        String strategy,
        String container,
        String image,
        String maxSurge,
        String maxUnavailable,
        List<Integer> partitionSteps,
        String pauseBetweenSteps,
        String progressDeadline)
        implements Day2Event {

    public RolloutRequested {
        partitionSteps = partitionSteps == null ? List.of() : List.copyOf(partitionSteps);
    }

    @Override
    public String subject() {
        return name;
    }
}
