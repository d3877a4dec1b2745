package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.upgrade.domain.KubernetesVersion;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The version skew policy after the upgrade: no kubelet newer than the API server, none more than 3 minors older (2
 * before 1.28); HA API servers within one minor of each other.
 */
@Singleton
public class VersionSkewCheck implements GateCheck {

    public static final String KUBELET = "kubelet-skew";
    public static final String API_SERVERS = "apiserver-skew";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return evaluate(context.state().nodes(), context.state().kubeSystemPods(), context.target());
    }

    @Override
    public int order() {
        return 20;
    }

    public static List<GateCheckResult> evaluate(List<Node> nodes, List<Pod> kubeSystemPods, KubernetesVersion target) {
        int allowed = target.compareTo(new KubernetesVersion(1, 28)) >= 0 ? 3 : 2;
        Findings kubelets = new Findings(KUBELET);
        for (Node node : nodes) {
            String text = node.getStatus() == null || node.getStatus().getNodeInfo() == null
                    ? null
                    : node.getStatus().getNodeInfo().getKubeletVersion();
            if (text == null) {
                kubelets.warn(
                        Findings.ref(node),
                        "node " + node.getMetadata().getName() + " reports no kubelet version",
                        null);
                continue;
            }
            KubernetesVersion kubelet = KubernetesVersion.parse(text);
            int behind = kubelet.minorsTo(target);
            if (behind < 0) {
                kubelets.fail(
                        Findings.ref(node),
                        "kubelet " + text + " on node " + node.getMetadata().getName()
                                + " would be newer than the API server " + target,
                        "the control plane is upgraded first; kubelets never run ahead of it");
            } else if (behind > allowed) {
                kubelets.fail(
                        Findings.ref(node),
                        "kubelet " + text + " on node " + node.getMetadata().getName() + " would be " + behind
                                + " minors behind " + target + " (the skew policy allows " + allowed + ")",
                        "upgrade the node's kubelet to at least "
                                + new KubernetesVersion(target.major(), target.minor() - allowed)
                                + " first, or drain and replace the node");
            }
        }
        List<GateCheckResult> results = new ArrayList<>(kubelets.orPass(
                nodes.size() + " kubelets within " + allowed + " minors of " + target + " and not newer"));

        Map<KubernetesVersion, String> apiServers = new TreeMap<>();
        for (Pod pod : kubeSystemPods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            if (labels == null || !"kube-apiserver".equals(labels.get("component"))) {
                continue;
            }
            for (Container container : pod.getSpec().getContainers()) {
                String image = container.getImage();
                int colon = image == null ? -1 : image.lastIndexOf(':');
                if (colon > 0) {
                    try {
                        apiServers.put(
                                KubernetesVersion.parse(image.substring(colon + 1)),
                                pod.getMetadata().getName());
                    } catch (IllegalArgumentException notAVersionTag) {
                        // a digest or custom tag: not comparable, not counted
                    }
                }
            }
        }
        Findings skew = new Findings(API_SERVERS);
        if (apiServers.size() > 1) {
            KubernetesVersion oldest = ((TreeMap<KubernetesVersion, String>) apiServers).firstKey();
            KubernetesVersion newest = ((TreeMap<KubernetesVersion, String>) apiServers).lastKey();
            if (oldest.minorsTo(newest) > 1) {
                skew.fail(
                        null,
                        "HA API servers are " + oldest.minorsTo(newest) + " minors apart (" + apiServers.get(oldest)
                                + " at " + oldest + ", " + apiServers.get(newest) + " at " + newest + ")",
                        "finish the previous control-plane upgrade on every API server first");
            }
        }
        results.addAll(skew.orPass(
                apiServers.isEmpty()
                        ? "no kube-apiserver pods visible (managed control plane)"
                        : "API servers at " + apiServers.keySet() + ", within one minor"));
        return results;
    }
}
