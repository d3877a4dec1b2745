package io.day2ops.upgrade.k8s;

import io.day2ops.events.RolloutCompleted.Outcome;
import io.day2ops.upgrade.domain.RolloutResult;
import io.day2ops.upgrade.domain.RolloutResult.StepFailed;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition rollout of a StatefulSet, as a careful operator does it by hand: the new template applied while
 * {@code partition} holds every pod back, then the partition stepped down (e.g. 3 → 2 → 1 → 0); at each step the pods
 * at or above the partition must run the update revision and be Ready and the whole set available, then a pause. A
 * step that fails or times out restores the previous template and partition and replaces the pods already updated (the
 * forced rollback Kubernetes documents: a broken pod is never replaced by the controller on its own). Blocking.
 */
public final class PartitionRollout {

    /**
     * What to roll.
     *
     * @param namespace the StatefulSet's namespace
     * @param name its name
     * @param container the container to change, null for the first
     * @param image the new image
     * @param steps the partitions to step through, descending to 0; empty for one pod at a time
     * @param pause how long to wait after each step but the last
     * @param previous the template to restore on failure
     * @param previousPartition the partition to restore on failure
     * @param deadline how long each step (and the rollback) may take
     * @param poll how often progress is read
     */
    public record Plan(
            String namespace,
            String name,
            String container,
            String image,
            List<Integer> steps,
            Duration pause,
            PodTemplateSpec previous,
            int previousPartition,
            Duration deadline,
            Duration poll) {}

    private final KubernetesClient client;
    private final Clock clock;

    /** Who cancelled the rollout (read at every poll), or null; once set, the rollout rolls back and ends RolledBack. */
    private java.util.function.Supplier<String> abort = () -> null;

    private boolean rollingBack;

    /**
     * Makes a cancel (Argo Rollouts' abort) stop the rollout at its next poll and roll the workload back to its
     * previous template, as a failed step does.
     */
    public PartitionRollout abortWhen(java.util.function.Supplier<String> cancelledBy) {
        this.abort = cancelledBy;
        return this;
    }

    /** Throws when someone cancelled the rollout (never while it rolls back). */
    private void checkAbort() throws StepFailed {
        String by = rollingBack ? null : abort.get();
        if (by != null) {
            throw new StepFailed("cancelled by " + by);
        }
    }

    public PartitionRollout(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The partitions to step through: as asked, or one pod at a time; null when the asked ones are not valid. */
    public static List<Integer> steps(List<Integer> asked, int replicas) {
        if (asked.isEmpty()) {
            List<Integer> steps = new ArrayList<>();
            for (int p = replicas - 1; p >= 0; p--) {
                steps.add(p);
            }
            return steps;
        }
        for (int i = 0; i < asked.size(); i++) {
            if (asked.get(i) < 0 || asked.get(i) > replicas || (i > 0 && asked.get(i) >= asked.get(i - 1))) {
                return null;
            }
        }
        return asked.get(asked.size() - 1) == 0 ? asked : null;
    }

    public RolloutResult run(Plan plan) throws InterruptedException {
        RolloutResult result = new RolloutResult(clock);
        RollableScalableResource<StatefulSet> set =
                client.apps().statefulSets().inNamespace(plan.namespace()).withName(plan.name());
        StatefulSet current = set.get();
        int replicas =
                current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
        result.begin("apply image " + plan.image() + " held at partition " + replicas);
        StatefulSet applied;
        try {
            applied = set.edit(s -> {
                SurgeRollout.container(s.getSpec().getTemplate(), plan.container())
                        .setImage(plan.image());
                s.getSpec().setUpdateStrategy(partition(replicas));
                return s;
            });
            waitObserved(set, applied.getMetadata().getGeneration(), plan);
        } catch (StepFailed | RuntimeException e) {
            result.end(false, e.getMessage());
            return result.finish(Outcome.Failed, "the new template could not be applied: " + e.getMessage());
        }
        result.end(true, "no pod updated yet");
        int from = replicas;
        for (int i = 0; i < plan.steps().size(); i++) {
            int to = plan.steps().get(i);
            result.begin("partition " + from + " -> " + to);
            try {
                StatefulSet stepped = set.edit(s -> {
                    s.getSpec().setUpdateStrategy(partition(to));
                    return s;
                });
                String message = waitStep(set, stepped.getMetadata().getGeneration(), to, plan);
                result.end(true, message);
            } catch (StepFailed | RuntimeException failed) {
                result.end(false, failed.getMessage());
                return rollBack(
                        set, plan, result, "step partition " + from + " -> " + to + " failed: " + failed.getMessage());
            }
            from = to;
            if (i < plan.steps().size() - 1 && !plan.pause().isZero()) {
                result.begin("pause " + plan.pause().toSeconds() + " s");
                try {
                    pause(plan);
                } catch (StepFailed cancelled) {
                    result.end(false, cancelled.getMessage());
                    return rollBack(
                            set, plan, result, cancelled.getMessage() + " during the pause after partition " + to);
                }
                result.end(true, null);
            }
        }
        return result.finish(Outcome.Succeeded, null);
    }

    private RolloutResult rollBack(
            RollableScalableResource<StatefulSet> set, Plan plan, RolloutResult result, String why)
            throws InterruptedException {
        rollingBack = true;
        result.begin("restore the previous revision and partition " + plan.previousPartition());
        try {
            StatefulSet restored = set.edit(s -> {
                s.getSpec().setTemplate(plan.previous());
                s.getSpec().setUpdateStrategy(partition(plan.previousPartition()));
                return s;
            });
            StatefulSet observed = waitObserved(set, restored.getMetadata().getGeneration(), plan);
            String revision = observed.getStatus().getUpdateRevision();
            List<String> replaced = new ArrayList<>();
            for (Pod pod : pods(observed)) {
                if (!revision.equals(RolloutWatch.labels(pod).get("controller-revision-hash"))) {
                    client.pods()
                            .inNamespace(plan.namespace())
                            .withName(pod.getMetadata().getName())
                            .delete();
                    replaced.add(pod.getMetadata().getName());
                }
            }
            String message = waitStep(set, restored.getMetadata().getGeneration(), 0, plan);
            result.end(true, (replaced.isEmpty() ? "" : "replaced " + replaced + "; ") + message);
            return result.finish(Outcome.RolledBack, why + "; restored revision " + revision);
        } catch (StepFailed | RuntimeException failed) {
            result.end(false, failed.getMessage());
            return result.finish(
                    Outcome.Failed, why + "; the rollback did not complete either: " + failed.getMessage());
        }
    }

    /** Sleeps through the pause between steps, a poll at a time, so a cancel is heard during it. */
    private void pause(Plan plan) throws StepFailed, InterruptedException {
        Instant end = clock.instant().plus(plan.pause());
        while (clock.instant().isBefore(end)) {
            checkAbort();
            Thread.sleep(Math.max(
                    1,
                    Math.min(
                            plan.poll().toMillis(),
                            java.time.Duration.between(clock.instant(), end).toMillis())));
        }
        checkAbort();
    }

    private StatefulSet waitObserved(RollableScalableResource<StatefulSet> set, long generation, Plan plan)
            throws StepFailed, InterruptedException {
        Instant deadline = clock.instant().plus(plan.deadline());
        while (true) {
            StatefulSet s = set.get();
            if (s == null) {
                throw new StepFailed("the StatefulSet was deleted");
            }
            if (s.getStatus() != null
                    && s.getStatus().getObservedGeneration() != null
                    && s.getStatus().getObservedGeneration() >= generation
                    && s.getStatus().getUpdateRevision() != null) {
                return s;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new StepFailed("generation " + generation + " not observed within "
                        + plan.deadline().toSeconds() + " s");
            }
            checkAbort();
            Thread.sleep(plan.poll().toMillis());
        }
    }

    /** Waits until every pod at or above {@code partition} runs the update revision, Ready, and the set is available. */
    private String waitStep(RollableScalableResource<StatefulSet> set, long generation, int partition, Plan plan)
            throws StepFailed, InterruptedException {
        Instant deadline = clock.instant().plus(plan.deadline());
        while (true) {
            StatefulSet s = waitObserved(set, generation, plan);
            int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
            String revision = s.getStatus().getUpdateRevision();
            List<Pod> pods = pods(s);
            List<Pod> updated = new ArrayList<>();
            int ready = 0;
            boolean done = true;
            for (Pod pod : pods) {
                int ordinal = ordinal(pod);
                boolean isReady = RolloutWatch.ready(pod);
                ready += isReady && ordinal < replicas ? 1 : 0;
                if (ordinal >= partition && ordinal < replicas) {
                    boolean onRevision =
                            revision.equals(RolloutWatch.labels(pod).get("controller-revision-hash"));
                    if (onRevision) {
                        updated.add(pod);
                    }
                    done &= onRevision && isReady;
                }
            }
            if (done && ready == replicas && pods.size() >= replicas) {
                return (replicas - partition) + " of " + replicas + " pods on " + revision + ", all Ready";
            }
            String stuck = RolloutWatch.fatal(updated);
            if (stuck != null) {
                throw new StepFailed("an updated pod will not become Ready: " + stuck);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new StepFailed("not done within " + plan.deadline().toSeconds() + " s (" + updated.size()
                        + " pods on " + revision + ", " + ready + " of " + replicas + " Ready)");
            }
            checkAbort();
            Thread.sleep(plan.poll().toMillis());
        }
    }

    private List<Pod> pods(StatefulSet s) {
        return client
                .pods()
                .inNamespace(s.getMetadata().getNamespace())
                .withLabels(s.getSpec().getSelector().getMatchLabels())
                .list()
                .getItems()
                .stream()
                .filter(p ->
                        p.getMetadata().getName().startsWith(s.getMetadata().getName() + "-"))
                .toList();
    }

    private static int ordinal(Pod pod) {
        String name = pod.getMetadata().getName();
        try {
            return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy partition(int partition) {
        return new StatefulSetUpdateStrategyBuilder()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withPartition(partition)
                .endRollingUpdate()
                .build();
    }
}
