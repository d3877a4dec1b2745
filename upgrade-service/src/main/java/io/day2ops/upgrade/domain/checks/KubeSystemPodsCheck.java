package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.upgrade.domain.ClusterState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.inject.Singleton;
import java.util.List;

/** The control plane, DNS and CNI pods of {@code kube-system} Running and not crash-looping. */
@Singleton
public class KubeSystemPodsCheck implements GateCheck {

    public static final String ID = "kube-system-pods";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return evaluate(context.state());
    }

    @Override
    public int order() {
        return 41;
    }

    public static List<GateCheckResult> evaluate(ClusterState state) {
        Findings system = new Findings(ID);
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
        return system.orPass(state.kubeSystemPods().size() + " kube-system pods Running");
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
