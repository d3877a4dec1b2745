package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.upgrade.domain.ClusterState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Workload health before an upgrade: what the module's {@code UpgradeSafetyCheck} alert (available &lt; desired) and
 * its pre-upgrade CronJob ({@code kubectl get nodes / pods -A / pvc -A / pv}) look at.
 */
@Singleton
public class WorkloadHealthCheck implements GateCheck {

    public static final String WORKLOADS = "workload-available";
    public static final String KUBE_SYSTEM = "kube-system-pods";
    public static final String NODES = "node-ready";
    public static final String CLAIMS = "pvc-bound";
    public static final String VOLUMES = "pv-healthy";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return evaluate(context.state());
    }

    @Override
    public int order() {
        return 40;
    }

    public static List<GateCheckResult> evaluate(ClusterState state) {
        List<GateCheckResult> results = new ArrayList<>();
        Findings workloads = new Findings(WORKLOADS);
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
        results.addAll(workloads.orPass((state.deployments().size()
                        + state.statefulSets().size()
                        + state.daemonSets().size())
                + " Deployments, StatefulSets and DaemonSets fully available"));

        Findings system = new Findings(KUBE_SYSTEM);
        for (Pod pod : state.kubeSystemPods()) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            String crashing = crashLooping(pod);
            if (crashing != null) {
                system.fail(
                        Findings.ref(pod),
                        "pod kube-system/" + pod.getMetadata().getName() + " is crash-looping: " + crashing,
                        "kubectl -n kube-system logs --previous "
                                + pod.getMetadata().getName()
                                + "; a control-plane or DNS pod must be healthy before an upgrade");
            } else if (!"Running".equals(phase) && !"Succeeded".equals(phase)) {
                system.fail(
                        Findings.ref(pod),
                        "pod kube-system/" + pod.getMetadata().getName() + " is "
                                + (phase == null ? "without a phase" : phase),
                        "kubectl -n kube-system describe pod "
                                + pod.getMetadata().getName());
            }
        }
        results.addAll(system.orPass(state.kubeSystemPods().size() + " kube-system pods Running"));

        Findings nodes = new Findings(NODES);
        for (Node node : state.nodes()) {
            NodeCondition ready = node.getStatus() == null || node.getStatus().getConditions() == null
                    ? null
                    : node.getStatus().getConditions().stream()
                            .filter(c -> "Ready".equals(c.getType()))
                            .findFirst()
                            .orElse(null);
            if (ready == null || !"True".equals(ready.getStatus())) {
                nodes.fail(
                        Findings.ref(node),
                        "node " + node.getMetadata().getName() + " is NotReady"
                                + (ready == null || ready.getMessage() == null ? "" : ": " + ready.getMessage()),
                        "bring the node back or remove it; an upgrade drains nodes onto the others");
            } else if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
                nodes.warn(
                        Findings.ref(node),
                        "node " + node.getMetadata().getName() + " is cordoned (SchedulingDisabled)",
                        "kubectl uncordon " + node.getMetadata().getName() + " if no maintenance is under way");
            }
        }
        results.addAll(nodes.orPass(state.nodes().size() + " nodes Ready"));

        Findings claims = new Findings(CLAIMS);
        for (PersistentVolumeClaim claim : state.claims()) {
            String phase = claim.getStatus() == null ? null : claim.getStatus().getPhase();
            if ("Pending".equals(phase) || "Lost".equals(phase)) {
                claims.fail(
                        Findings.ref(claim),
                        Findings.path(claim) + " is " + phase,
                        "Lost".equals(phase)
                                ? "its volume is gone: restore the data before upgrading"
                                : "kubectl describe pvc: a provisioner or storage class problem an upgrade will not"
                                        + " fix");
            }
        }
        results.addAll(claims.orPass(state.claims().size() + " PersistentVolumeClaims Bound"));

        Findings volumes = new Findings(VOLUMES);
        for (PersistentVolume volume : state.volumes()) {
            String phase =
                    volume.getStatus() == null ? null : volume.getStatus().getPhase();
            if ("Failed".equals(phase)) {
                volumes.fail(
                        Findings.ref(volume),
                        "PersistentVolume " + volume.getMetadata().getName() + " is Failed",
                        "kubectl describe pv " + volume.getMetadata().getName());
            } else if ("Released".equals(phase)) {
                volumes.warn(
                        Findings.ref(volume),
                        "PersistentVolume " + volume.getMetadata().getName()
                                + " is Released (its claim was deleted; the data is still there)",
                        "reclaim or delete it deliberately");
            }
        }
        results.addAll(volumes.orPass(state.volumes().size() + " PersistentVolumes healthy"));
        return results;
    }

    private static String crashLooping(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            if (status.getState() != null
                    && status.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(status.getState().getWaiting().getReason())) {
                return "container " + status.getName() + " in CrashLoopBackOff after " + status.getRestartCount()
                        + " restarts";
            }
        }
        return null;
    }
}
