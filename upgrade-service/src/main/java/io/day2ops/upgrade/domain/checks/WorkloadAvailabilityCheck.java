package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.upgrade.domain.ClusterState;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import jakarta.inject.Singleton;
import java.util.List;

/** Every Deployment, StatefulSet and DaemonSet fully available before an upgrade: the module's {@code UpgradeSafetyCheck} alert (available &lt; desired); a drain would take more of a degraded workload down. */
@Singleton
public class WorkloadAvailabilityCheck implements GateCheck {

    public static final String ID = "workload-available";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return evaluate(context.state());
    }

    @Override
    public int order() {
        return 40;
    }

    public static List<GateCheckResult> evaluate(ClusterState state) {
        Findings workloads = new Findings(ID);
        for (Deployment deployment : state.deployments()) {
            int desired = deployment.getSpec().getReplicas() == null
                    ? 1
                    : deployment.getSpec().getReplicas();
            int available = deployment.getStatus() == null
                    ? 0
                    : Findings.orZero(deployment.getStatus().getAvailableReplicas());
            if (available < desired) {
                workloads.fail(
                        Findings.ref(deployment),
                        Findings.path(deployment) + " has " + available + " of " + desired + " replicas available",
                        "fix it before upgrading: kubectl rollout status and kubectl describe pods show why; a drain"
                                + " would take more of it down");
            }
        }
        for (StatefulSet set : state.statefulSets()) {
            int desired =
                    set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
            int available = set.getStatus() == null
                    ? 0
                    : Findings.orZero(
                            set.getStatus().getAvailableReplicas() != null
                                    ? set.getStatus().getAvailableReplicas()
                                    : set.getStatus().getReadyReplicas());
            if (available < desired) {
                workloads.fail(
                        Findings.ref(set),
                        Findings.path(set) + " has " + available + " of " + desired + " replicas available",
                        "fix it before upgrading; kubectl rollout status shows where it stopped");
            }
        }
        for (DaemonSet set : state.daemonSets()) {
            int desired = set.getStatus() == null
                    ? 0
                    : Findings.orZero(set.getStatus().getDesiredNumberScheduled());
            int available = set.getStatus() == null
                    ? 0
                    : Findings.orZero(set.getStatus().getNumberAvailable());
            if (available < desired) {
                workloads.fail(
                        Findings.ref(set),
                        Findings.path(set) + " has " + available + " of " + desired + " pods available",
                        "fix it before upgrading: a node without its DaemonSet pod (CNI, storage) breaks workloads");
            }
        }
        return workloads.orPass((state.deployments().size()
                        + state.statefulSets().size()
                        + state.daemonSets().size())
                + " Deployments, StatefulSets and DaemonSets fully available");
    }
}
