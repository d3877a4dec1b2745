package io.day2ops.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.checks.NodePressureCheck;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodePressureCheckTest {

    private final NodePressureCheck check = new NodePressureCheck();

    @Test
    void aNodeUnderDiskPressureFailsTheGateNamingTheNodeAndTheCondition() {
        ClusterState state = withNodes(
                node("worker-1", "DiskPressure", "True", "kubelet has disk pressure"),
                node("worker-2", "MemoryPressure", "False", null));

        List<GateCheckResult> results = check.evaluate(GateContexts.of(state));

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.id()).isEqualTo(NodePressureCheck.ID);
            assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(result.resource().name()).isEqualTo("worker-1");
            assertThat(result.message()).isEqualTo("node worker-1 reports DiskPressure: kubelet has disk pressure");
            assertThat(result.remediation()).startsWith("free disk on it");
        });
    }

    @Test
    void everyPressureOfEveryNodeIsReported() {
        Node both = node("worker-1", "MemoryPressure", "True", null);
        both.getStatus()
                .getConditions()
                .addAll(node("x", "PIDPressure", "True", null).getStatus().getConditions());

        List<GateCheckResult> results = check.evaluate(GateContexts.of(withNodes(both)));

        assertThat(results)
                .extracting(GateCheckResult::message)
                .containsExactly("node worker-1 reports MemoryPressure", "node worker-1 reports PIDPressure");
    }

    @Test
    void nodesWithoutPressureOrWithoutConditionsPass() {
        ClusterState state = withNodes(
                node("worker-1", "Ready", "True", null),
                new NodeBuilder()
                        .withNewMetadata()
                        .withName("bare")
                        .endMetadata()
                        .build());

        List<GateCheckResult> results = check.evaluate(GateContexts.of(state));

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.verdict()).isEqualTo(Verdict.PASS);
            assertThat(result.message()).isEqualTo("2 nodes without memory, disk or PID pressure");
        });
    }

    private static Node node(String name, String type, String status, String message) {
        return new NodeBuilder()
                .withApiVersion("v1")
                .withKind("Node")
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType(type)
                .withStatus(status)
                .withMessage(message)
                .endCondition()
                .endStatus()
                .build();
    }

    private static ClusterState withNodes(Node... nodes) {
        ClusterState empty = GateContexts.emptyState("v1.30.4");
        return new ClusterState(
                empty.serverVersion(),
                List.of(nodes),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "test");
    }
}
