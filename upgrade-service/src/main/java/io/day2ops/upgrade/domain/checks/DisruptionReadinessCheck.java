package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.upgrade.domain.ClusterState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Zero-downtime readiness: the drains of an upgrade must never take a workload down, and must be able to finish.
 * Multi-replica workloads need a PodDisruptionBudget; a budget that allows no disruption blocks every drain; a
 * RollingUpdate that may take a replica down with too few to spare, a container without a readiness probe, and a
 * critical workload with one replica are warned about.
 */
@Singleton
public class DisruptionReadinessCheck implements GateCheck {

    public static final String PDB_MISSING = "pdb-missing";
    public static final String PDB_BLOCKS = "pdb-blocks-drain";
    public static final String ROLLING_UPDATE = "rolling-update-unsafe";
    public static final String READINESS = "readiness-probe-missing";
    public static final String SINGLE_REPLICA = "single-replica-critical";

    /** Label or annotation that marks a workload critical, beyond a PDB or a priority class. */
    public static final String CRITICAL = "day2ops.io/critical";

    private record Workload(HasMetadata object, int replicas, PodTemplateSpec template) {}

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return evaluate(context.state());
    }

    @Override
    public int order() {
        return 50;
    }

    public static List<GateCheckResult> evaluate(ClusterState state) {
        List<Workload> workloads = new ArrayList<>();
        for (Deployment d : state.deployments()) {
            workloads.add(new Workload(
                    d, replicas(d.getSpec().getReplicas()), d.getSpec().getTemplate()));
        }
        for (StatefulSet s : state.statefulSets()) {
            workloads.add(new Workload(
                    s, replicas(s.getSpec().getReplicas()), s.getSpec().getTemplate()));
        }
        Findings missing = new Findings(PDB_MISSING);
        Findings single = new Findings(SINGLE_REPLICA);
        Findings readiness = new Findings(READINESS);
        for (Workload workload : workloads) {
            List<PodDisruptionBudget> budgets = budgetsOf(workload, state.disruptionBudgets());
            if (workload.replicas() >= 2 && budgets.isEmpty()) {
                missing.fail(
                        Findings.ref(workload.object()),
                        Findings.path(workload.object()) + " has " + workload.replicas()
                                + " replicas and no PodDisruptionBudget: a drain may evict them all at once",
                        "create a PodDisruptionBudget selecting its pods, e.g. minAvailable: "
                                + (workload.replicas() - 1));
            }
            if (workload.replicas() == 1 && (!budgets.isEmpty() || critical(workload))) {
                single.warn(
                        Findings.ref(workload.object()),
                        Findings.path(workload.object()) + " is critical ("
                                + (budgets.isEmpty() ? "priority class or " + CRITICAL : "has a PodDisruptionBudget")
                                + ") and runs one replica: it is down while its node drains",
                        "run at least 2 replicas");
            }
            List<String> unprobed =
                    workload.template() == null || workload.template().getSpec() == null
                            ? List.of()
                            : workload.template().getSpec().getContainers().stream()
                                    .filter(c -> c.getReadinessProbe() == null)
                                    .map(Container::getName)
                                    .toList();
            if (!unprobed.isEmpty() && workload.replicas() > 0) {
                readiness.warn(
                        Findings.ref(workload.object()),
                        Findings.path(workload.object()) + ": container(s) " + unprobed
                                + " have no readiness probe, so a rollout or drain counts them available before they"
                                + " serve",
                        "add a readinessProbe");
            }
        }
        Findings rolling = new Findings(ROLLING_UPDATE);
        for (Deployment deployment : state.deployments()) {
            var strategy = deployment.getSpec().getStrategy();
            if (strategy != null && "Recreate".equals(strategy.getType())) {
                if (replicas(deployment.getSpec().getReplicas()) > 0) {
                    rolling.warn(
                            Findings.ref(deployment),
                            Findings.path(deployment) + " uses the Recreate strategy: every replica is down during"
                                    + " a rollout",
                            "use RollingUpdate with maxUnavailable: 0");
                }
                continue;
            }
            int replicas = replicas(deployment.getSpec().getReplicas());
            int maxUnavailable = Findings.resolve(
                    strategy == null || strategy.getRollingUpdate() == null
                            ? null
                            : strategy.getRollingUpdate().getMaxUnavailable(),
                    replicas,
                    false,
                    replicas / 4);
            if (maxUnavailable > 0 && replicas - 1 < 2) {
                rolling.warn(
                        Findings.ref(deployment),
                        Findings.path(deployment) + " may take " + maxUnavailable + " of its " + replicas
                                + " replicas down in a rollout, with fewer than 2 to spare",
                        "set strategy.rollingUpdate.maxUnavailable: 0 and maxSurge: 1, or run more replicas");
            }
        }
        Findings blocking = new Findings(PDB_BLOCKS);
        for (PodDisruptionBudget budget : state.disruptionBudgets()) {
            int expected = 0;
            for (Workload workload : workloads) {
                if (budgetsOf(workload, List.of(budget)).size() == 1) {
                    expected += workload.replicas();
                }
            }
            if (expected == 0 && budget.getStatus() != null) {
                expected = Findings.orZero(budget.getStatus().getExpectedPods());
            }
            if (expected == 0) {
                continue;
            }
            String why = null;
            if (budget.getSpec().getMinAvailable() != null) {
                int min = Findings.resolve(budget.getSpec().getMinAvailable(), expected, true, 0);
                if (min >= expected) {
                    why = "minAvailable " + budget.getSpec().getMinAvailable().getValue() + " of " + expected
                            + " pods leaves no pod evictable";
                }
            } else if (budget.getSpec().getMaxUnavailable() != null
                    && Findings.resolve(budget.getSpec().getMaxUnavailable(), expected, false, 1) == 0) {
                why = "maxUnavailable " + budget.getSpec().getMaxUnavailable().getValue() + " allows no eviction";
            }
            if (why == null
                    && budget.getStatus() != null
                    && budget.getStatus().getObservedGeneration() != null
                    && Findings.orZero(budget.getStatus().getDisruptionsAllowed()) == 0) {
                why = "it allows no disruption now ("
                        + Findings.orZero(budget.getStatus().getCurrentHealthy()) + " healthy, "
                        + Findings.orZero(budget.getStatus().getDesiredHealthy()) + " required)";
            }
            if (why != null) {
                blocking.fail(
                        Findings.ref(budget),
                        "PodDisruptionBudget " + budget.getMetadata().getNamespace() + "/"
                                + budget.getMetadata().getName() + " would block every drain: " + why,
                        "allow at least one disruption (minAvailable below the replica count, or maxUnavailable: 1),"
                                + " or add replicas");
            }
        }
        List<GateCheckResult> results = new ArrayList<>();
        results.addAll(missing.orPass("every workload with 2 or more replicas has a PodDisruptionBudget"));
        results.addAll(blocking.orPass(state.disruptionBudgets().size() + " PodDisruptionBudgets allow drains"));
        results.addAll(rolling.orPass("every RollingUpdate keeps enough replicas up"));
        results.addAll(readiness.orPass("every container has a readiness probe"));
        results.addAll(single.orPass("no critical workload runs a single replica"));
        return results;
    }

    private static List<PodDisruptionBudget> budgetsOf(Workload workload, List<PodDisruptionBudget> budgets) {
        String namespace = workload.object().getMetadata().getNamespace();
        Map<String, String> labels =
                workload.template() == null || workload.template().getMetadata() == null
                        ? Map.of()
                        : workload.template().getMetadata().getLabels();
        return budgets.stream()
                .filter(b -> namespace.equals(b.getMetadata().getNamespace()))
                .filter(b -> Selectors.selects(b.getSpec().getSelector(), labels))
                .toList();
    }

    private static boolean critical(Workload workload) {
        Map<String, String> labels = workload.object().getMetadata().getLabels();
        Map<String, String> annotations = workload.object().getMetadata().getAnnotations();
        String priority = workload.template() == null || workload.template().getSpec() == null
                ? null
                : workload.template().getSpec().getPriorityClassName();
        return (priority != null && !priority.isEmpty())
                || (labels != null && "true".equals(labels.get(CRITICAL)))
                || (annotations != null && "true".equals(annotations.get(CRITICAL)));
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }
}
