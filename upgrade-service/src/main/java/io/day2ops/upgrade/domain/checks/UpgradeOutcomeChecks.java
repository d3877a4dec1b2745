package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.KubernetesVersion;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * What an upgrade must have reached (its verification): the control plane and every kubelet at the target minor. The
 * gate checks about the step ahead (version step and skew, APIs the target removes, backup freshness) do not apply
 * after it; the others run again and must not newly fail.
 */
public final class UpgradeOutcomeChecks {

    public static final String CONTROL_PLANE = "control-plane-version";
    public static final String KUBELETS = "kubelet-version";

    private UpgradeOutcomeChecks() {}

    /** Whether a gate check still means something once the upgrade is done. */
    public static boolean afterUpgrade(GateCheck check) {
        return !(check instanceof VersionStepCheck
                || check instanceof VersionSkewCheck
                || check instanceof RemovedApiCheck
                || check instanceof BackupFreshnessCheck);
    }

    public static List<GateCheckResult> versions(ClusterState state, KubernetesVersion target) {
        List<GateCheckResult> results = new ArrayList<>();
        Findings server = new Findings(CONTROL_PLANE);
        KubernetesVersion current = parseOrNull(state.serverVersion());
        if (current == null || current.compareTo(target) != 0) {
            server.fail(
                    null,
                    "the API server is at " + state.serverVersion() + ", not " + target,
                    "finish the control-plane upgrade (kubeadm upgrade apply, the managed service's upgrade), then"
                            + " verify again");
        }
        results.addAll(server.orPass("the API server is at " + state.serverVersion() + " (" + target + ")"));
        Findings kubelets = new Findings(KUBELETS);
        for (Node node : state.nodes()) {
            String text = node.getStatus() == null || node.getStatus().getNodeInfo() == null
                    ? null
                    : node.getStatus().getNodeInfo().getKubeletVersion();
            KubernetesVersion kubelet = parseOrNull(text);
            if (kubelet == null || kubelet.compareTo(target) != 0) {
                kubelets.fail(
                        Findings.ref(node),
                        "the kubelet of node " + node.getMetadata().getName() + " is at " + text + ", not " + target,
                        "upgrade the node (drain, upgrade its kubelet, uncordon), then verify again");
            }
        }
        results.addAll(kubelets.orPass(state.nodes().size() + " kubelets at " + target));
        return results;
    }

    private static KubernetesVersion parseOrNull(String text) {
        try {
            return KubernetesVersion.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
