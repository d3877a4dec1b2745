package io.day2ops.upgrade.k8s;

import io.day2ops.events.RolloutCompleted.Outcome;
import io.day2ops.upgrade.domain.RolloutResult;
import io.day2ops.upgrade.domain.RolloutResult.StepFailed;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A surge rollout of a Deployment: the new image applied with the requested {@code maxSurge}/{@code maxUnavailable},
 * progress followed by {@code kubectl rollout status}'s rules (observedGeneration, updated, old and available
 * replicas, {@code ProgressDeadlineExceeded}), a new pod stuck in ImagePullBackOff/CrashLoopBackOff treated as failed
 * readiness at once; on failure or timeout the previous template is put back (as {@code kubectl rollout undo}) and
 * followed to completion. Blocking.
 */
public final class SurgeRollout {

    /**
     * What to roll.
     *
     * @param namespace the Deployment's namespace
     * @param name its name
     * @param container the container to change, null for the first
     * @param image the new image
     * @param maxSurge the rollout's maxSurge, null to keep the Deployment's
     * @param maxUnavailable the rollout's maxUnavailable, null to keep the Deployment's
     * @param previous the template to roll back to (recorded before the first attempt)
     * @param deadline how long the rollout, and then the rollback, may each take
     * @param poll how often progress is read
     */
    public record Plan(
            String namespace,
            String name,
            String container,
            String image,
            String maxSurge,
            String maxUnavailable,
            PodTemplateSpec previous,
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
    public SurgeRollout abortWhen(java.util.function.Supplier<String> cancelledBy) {
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

    public SurgeRollout(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public RolloutResult run(Plan plan) throws InterruptedException {
        RolloutResult result = new RolloutResult(clock);
        RollableScalableResource<Deployment> deployment =
                client.apps().deployments().inNamespace(plan.namespace()).withName(plan.name());
        int[] lowest = {Integer.MAX_VALUE};
        result.begin("apply image " + plan.image() + strategyText(plan));
        Deployment applied;
        try {
            applied = deployment.edit(d -> {
                Container container = container(d.getSpec().getTemplate(), plan.container());
                container.setImage(plan.image());
                if (plan.maxSurge() != null || plan.maxUnavailable() != null) {
                    var rolling = d.getSpec().getStrategy() == null
                                    || d.getSpec().getStrategy().getRollingUpdate() == null
                            ? null
                            : d.getSpec().getStrategy().getRollingUpdate();
                    d.getSpec()
                            .setStrategy(new DeploymentStrategyBuilder()
                                    .withType("RollingUpdate")
                                    .withNewRollingUpdate()
                                    .withMaxSurge(
                                            amount(plan.maxSurge(), rolling == null ? null : rolling.getMaxSurge()))
                                    .withMaxUnavailable(amount(
                                            plan.maxUnavailable(),
                                            rolling == null ? null : rolling.getMaxUnavailable()))
                                    .endRollingUpdate()
                                    .build());
                }
                return d;
            });
        } catch (RuntimeException e) {
            result.end(false, e.getMessage());
            return result.finish(Outcome.Failed, "the new template could not be applied: " + e.getMessage());
        }
        result.end(true, "generation " + applied.getMetadata().getGeneration());

        result.begin("wait for rollout");
        try {
            String message = follow(deployment, applied.getMetadata().getGeneration(), plan, plan.image(), lowest);
            result.end(true, message);
            return result.finish(Outcome.Succeeded, null);
        } catch (StepFailed failed) {
            result.end(false, failed.getMessage() + lowestText(lowest));
            return rollBack(deployment, plan, result, failed.getMessage(), lowest);
        }
    }

    private RolloutResult rollBack(
            RollableScalableResource<Deployment> deployment, Plan plan, RolloutResult result, String why, int[] lowest)
            throws InterruptedException {
        rollingBack = true;
        result.begin("roll back to the previous template");
        Deployment restored;
        try {
            restored = deployment.edit(d -> {
                d.getSpec().setTemplate(plan.previous());
                return d;
            });
        } catch (RuntimeException e) {
            result.end(false, e.getMessage());
            return result.finish(Outcome.Failed, why + "; the rollback could not be applied: " + e.getMessage());
        }
        result.end(true, "generation " + restored.getMetadata().getGeneration());
        result.begin("wait for rollback");
        String previousImage = container(plan.previous(), plan.container()).getImage();
        try {
            String message = follow(deployment, restored.getMetadata().getGeneration(), plan, previousImage, lowest);
            result.end(true, message + lowestText(lowest));
            return result.finish(Outcome.RolledBack, why + "; rolled back to " + previousImage);
        } catch (StepFailed failed) {
            result.end(false, failed.getMessage());
            return result.finish(
                    Outcome.Failed, why + "; the rollback did not complete either: " + failed.getMessage());
        }
    }

    /** Waits until the generation is rolled out, by {@code kubectl rollout status}'s rules. */
    private String follow(
            RollableScalableResource<Deployment> resource, long generation, Plan plan, String image, int[] lowest)
            throws StepFailed, InterruptedException {
        Instant deadline = clock.instant().plus(plan.deadline());
        while (true) {
            Deployment d = resource.get();
            if (d == null) {
                throw new StepFailed("the Deployment was deleted");
            }
            var status = d.getStatus();
            int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            if (status != null
                    && status.getObservedGeneration() != null
                    && status.getObservedGeneration() >= generation) {
                int updated = orZero(status.getUpdatedReplicas());
                int replicas = orZero(status.getReplicas());
                int available = orZero(status.getAvailableReplicas());
                lowest[0] = Math.min(lowest[0], available);
                DeploymentCondition progressing = status.getConditions() == null
                        ? null
                        : status.getConditions().stream()
                                .filter(c -> "Progressing".equals(c.getType()))
                                .findFirst()
                                .orElse(null);
                if (progressing != null && "ProgressDeadlineExceeded".equals(progressing.getReason())) {
                    throw new StepFailed("ProgressDeadlineExceeded: " + progressing.getMessage());
                }
                if (updated >= desired && replicas <= updated && available >= updated) {
                    return desired + " of " + desired + " replicas updated and available";
                }
                String stuck = RolloutWatch.fatal(newPods(d, image));
                if (stuck != null) {
                    throw new StepFailed("a new pod will not become Ready: " + stuck);
                }
            }
            if (clock.instant().isAfter(deadline)) {
                throw new StepFailed("not rolled out within " + plan.deadline().toSeconds() + " s"
                        + (status == null
                                ? ""
                                : " (" + orZero(status.getUpdatedReplicas()) + " updated, "
                                        + orZero(status.getAvailableReplicas()) + " available of " + desired + ")"));
            }
            checkAbort();
            Thread.sleep(plan.poll().toMillis());
        }
    }

    /** The Deployment's pods running {@code image}. */
    private List<Pod> newPods(Deployment d, String image) {
        return client
                .pods()
                .inNamespace(d.getMetadata().getNamespace())
                .withLabels(d.getSpec().getSelector().getMatchLabels())
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getSpec().getContainers().stream().anyMatch(c -> image.equals(c.getImage())))
                .toList();
    }

    static Container container(PodTemplateSpec template, String name) {
        List<Container> containers = template.getSpec().getContainers();
        if (name == null) {
            return containers.get(0);
        }
        return containers.stream()
                .filter(c -> name.equals(c.getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no container '" + name + "' in the template"));
    }

    private static IntOrString amount(String asked, IntOrString current) {
        if (asked == null) {
            return current;
        }
        return asked.endsWith("%") ? new IntOrString(asked) : new IntOrString(Integer.parseInt(asked));
    }

    private static String strategyText(Plan plan) {
        if (plan.maxSurge() == null && plan.maxUnavailable() == null) {
            return "";
        }
        return " (maxSurge " + (plan.maxSurge() == null ? "unchanged" : plan.maxSurge()) + ", maxUnavailable "
                + (plan.maxUnavailable() == null ? "unchanged" : plan.maxUnavailable()) + ")";
    }

    private static String lowestText(int[] lowest) {
        return lowest[0] == Integer.MAX_VALUE ? "" : "; lowest availability seen: " + lowest[0];
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
