package io.day2ops.upgrade.domain.checks;

import io.day2ops.events.GateCheckResult;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * No node under resource pressure: a node reporting {@code MemoryPressure}, {@code DiskPressure} or
 * {@code PIDPressure} is tainted {@code NoSchedule} and its kubelet is already evicting pods, so the pods the upgrade's
 * drains move have less room to land, and an image pull or a restart there may fail. Kubernetes' own upgrade guides
 * ask for this to be fixed first; a node that is not Ready is {@code node-ready}'s finding, not this one's.
 */
@Singleton
public class NodePressureCheck implements GateCheck {

    public static final String ID = "node-pressure";

    private static final Map<String, String> PRESSURES = Map.of(
            "MemoryPressure", "free memory on it or add capacity",
            "DiskPressure", "free disk on it (images, logs, emptyDir) or add capacity",
            "PIDPressure", "find what forks without end on it, or raise its pid limit");

    @Override
    public List<GateCheckResult> evaluate(GateContext context) {
        Findings findings = new Findings(ID);
        List<Node> nodes = context.state().nodes();
        for (Node node : nodes) {
            List<NodeCondition> conditions = node.getStatus() == null
                    ? List.of()
                    : node.getStatus().getConditions() == null
                            ? List.of()
                            : node.getStatus().getConditions();
            for (NodeCondition condition : conditions) {
                String remedy = PRESSURES.get(condition.getType());
                if (remedy != null && "True".equals(condition.getStatus())) {
                    findings.fail(
                            Findings.ref(node),
                            "node " + node.getMetadata().getName() + " reports " + condition.getType()
                                    + (condition.getMessage() == null ? "" : ": " + condition.getMessage()),
                            remedy + " before the drains begin; pods evicted elsewhere cannot be scheduled onto it");
                }
            }
        }
        return findings.orPass(nodes.size() + " nodes without memory, disk or PID pressure");
    }

    @Override
    public int order() {
        return 45;
    }
}
