package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.day2ops.upgrade.domain.ClusterState;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import jakarta.inject.Singleton;
import java.util.List;

/** Every node Ready (an upgrade drains nodes onto the others); a cordoned node is warned about. */
@Singleton
public class NodeReadyCheck implements GateCheck {

    public static final String ID = "node-ready";

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        return evaluate(context.state());
    }

    @Override
    public int order() {
        return 42;
    }

    public static List<GateCheckResult> evaluate(ClusterState state) {
        Findings nodes = new Findings(ID);
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
        return nodes.orPass(state.nodes().size() + " nodes Ready");
    }
}
