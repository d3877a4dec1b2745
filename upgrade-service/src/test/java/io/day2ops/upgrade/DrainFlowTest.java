package io.day2ops.upgrade;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.day2ops.events.DrainCompleted;
import io.day2ops.events.DrainCompleted.NodeDrain;
import io.day2ops.events.DrainCompleted.Outcome;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.fixtures.DrainRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.day2ops.testing.InjectCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drains on the sandbox lab (a control-plane node and two workers; critical-app 3 replicas with PDB minAvailable 2,
 * coredns 2 with maxUnavailable 1), with the Ready pods of both sampled all along.
 */
@Day2FlowTest
class DrainFlowTest {

    private static final List<String> WORKERS = List.of("primary-worker-1", "primary-worker-2");

    private final EventCodec codec = new EventCodec();

    @InjectBus
    BusClient events;

    @InjectCluster("primary")
    KubernetesClient lab;

    @BeforeEach
    void connect() {
        awaitLabHealthy();
    }

    @AfterEach
    void restoreLab() {
        for (String node : WORKERS) { // as kubectl uncordon: no resourceVersion, no 409 from a status update
            lab.nodes()
                    .withName(node)
                    .patch(
                            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                            "{\"spec\": {\"unschedulable\": false}}");
        }
        awaitLabHealthy();
    }

    @Test
    void aNodeByNodeUpgradePlanDrainsEveryWorkerWithoutTakingABudgetBelowItsMinimum() throws Exception {
        DaemonSet agent = lab.resource(new DaemonSetBuilder()
                        .withNewMetadata()
                        .withName("node-agent")
                        .withNamespace("kube-system")
                        .endMetadata()
                        .withNewSpec()
                        .withNewSelector()
                        .withMatchLabels(Map.of("app", "node-agent"))
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .withLabels(Map.of("app", "node-agent"))
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("agent")
                        .withImage("fluent-bit:3.0")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        lab.resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("node-agent-w1")
                        .withNamespace("kube-system")
                        .withLabels(Map.of("app", "node-agent"))
                        .addNewOwnerReference()
                        .withApiVersion("apps/v1")
                        .withKind("DaemonSet")
                        .withName("node-agent")
                        .withUid(agent.getMetadata().getUid())
                        .withController(true)
                        .endOwnerReference()
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName("primary-worker-1")
                        .addNewContainer()
                        .withName("agent")
                        .withImage("fluent-bit:3.0")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        var critical = new RolloutFlowTest.AvailabilitySampler(lab, "default", Map.of("app", "critical-app"));
        var dns = new RolloutFlowTest.AvailabilitySampler(lab, "kube-system", Map.of("k8s-app", "kube-dns"));
        critical.start();
        dns.start();
        String name = unique("upgrade-plan");
        DrainCompleted completed;
        try {
            events.publish(DrainRequestedBuilder.drainRequested()
                    .name(name)
                    .cluster("primary")
                    .nodes(WORKERS)
                    .uncordon(true)
                    .timeout("60s")
                    .force(false)
                    .build());
            completed = awaitCompleted(name);
        } finally {
            critical.stop();
            dns.stop();
            lab.resource(agent).delete();
            lab.pods().inNamespace("kube-system").withName("node-agent-w1").delete();
        }

        assertThat(completed.outcome()).as(completed.toString()).isEqualTo(Outcome.Drained);
        assertThat(completed.nodes()).extracting(NodeDrain::node).containsExactlyElementsOf(WORKERS);
        assertThat(completed.nodes()).allSatisfy(node -> {
            assertThat(node.drained()).isTrue();
            assertThat(node.uncordoned()).isTrue();
            assertThat(node.message()).endsWith("workloads available again");
        });
        assertThat(completed.nodes().get(0).skipped()).containsExactly("kube-system/node-agent-w1 (DaemonSet)");
        assertThat(completed.nodes().stream().mapToInt(n -> n.evicted().size()).sum())
                .as("critical-app and coredns pods moved off each worker in turn")
                .isGreaterThanOrEqualTo(5);
        assertThat(critical.lowest())
                .as("critical-app never below minAvailable 2: " + critical.lowestAt())
                .isGreaterThanOrEqualTo(2);
        assertThat(dns.lowest())
                .as("coredns never below 2 - maxUnavailable 1: " + dns.lowestAt())
                .isGreaterThanOrEqualTo(1);
        asUser("admin")
                .get("/drains/" + name)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("Drained"))
                .body("nodes.size()", equalTo(2));
    }

    @Test
    void drainingEveryWorkerWithoutUncordoningStopsWhereABudgetRefusesAndNamesIt() throws Exception {
        // the dry run first: it predicts where the drain stops, touching nothing
        String planned = unique("maintenance-plan");
        events.publish(DrainRequestedBuilder.drainRequested()
                .name(planned)
                .cluster("primary")
                .nodes(WORKERS)
                .uncordon(false)
                .dryRun(true)
                .build());
        DrainCompleted prediction = awaitCompleted(planned);
        assertThat(prediction.dryRun()).isTrue();
        assertThat(prediction.outcome()).isEqualTo(Outcome.Failed);
        assertThat(prediction.predictions())
                .extracting(DrainCompleted.NodePrediction::node, DrainCompleted.NodePrediction::drainable)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("primary-worker-1", true),
                        org.assertj.core.groups.Tuple.tuple("primary-worker-2", false));
        assertThat(prediction.predictions().get(0).evict()).anyMatch(p -> p.startsWith("default/critical-app-"));
        assertThat(prediction.predictions().get(1).blockers())
                .anyMatch(b -> b.contains("evicted pods would have no schedulable node left"));
        assertThat(prediction.reason()).startsWith("the drain would stop at node primary-worker-2: ");
        assertThat(lab.nodes().withName("primary-worker-1").get().getSpec().getUnschedulable())
                .as("a dry run cordons nothing")
                .isNotEqualTo(Boolean.TRUE);

        var critical = new RolloutFlowTest.AvailabilitySampler(lab, "default", Map.of("app", "critical-app"));
        critical.start();
        String name = unique("maintenance");
        DrainCompleted completed;
        try {
            events.publish(DrainRequestedBuilder.drainRequested()
                    .name(name)
                    .cluster("primary")
                    .nodes(WORKERS)
                    .uncordon(false)
                    .timeout("5s")
                    .force(false)
                    .build());
            completed = awaitCompleted(name);
        } finally {
            critical.stop();
        }

        assertThat(completed.outcome()).isEqualTo(Outcome.Failed);
        assertThat(completed.nodes()).extracting(NodeDrain::drained).containsExactly(true, false);
        assertThat(completed.reason())
                .startsWith("node primary-worker-2: not drained within 5 s")
                .contains("refused by PodDisruptionBudget critical-app-pdb")
                .contains("the node stays cordoned");
        assertThat(completed.nodes().get(1).refusals()).isPositive();
        assertThat(critical.lowest()).isGreaterThanOrEqualTo(2);
        assertThat(lab.nodes().withName("primary-worker-2").get().getSpec().getUnschedulable())
                .isTrue();
    }

    @Test
    void aDryRunPredictsTheDeadlockOfABudgetAsStrictAsItsReplicasAndTheDrainThenStopsThere() throws Exception {
        lab.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace("default")
                .withName("critical-app-pdb")
                .edit(pdb -> {
                    pdb.getSpec().setMinAvailable(new io.fabric8.kubernetes.api.model.IntOrString(3));
                    return pdb;
                });
        try {
            String planned = unique("strict-plan");
            events.publish(DrainRequestedBuilder.drainRequested()
                    .name(planned)
                    .cluster("primary")
                    .nodes(List.of("primary-worker-1"))
                    .dryRun(true)
                    .build());
            DrainCompleted prediction = awaitCompleted(planned);
            assertThat(prediction.outcome()).isEqualTo(Outcome.Failed);
            assertThat(prediction.predictions()).singleElement().satisfies(node -> {
                assertThat(node.drainable()).isFalse();
                assertThat(node.blockers())
                        .contains("PodDisruptionBudget default/critical-app-pdb allows no disruption at all"
                                + " (minAvailable 3 of 3 pods): every eviction would be refused until the budget or"
                                + " the replicas change");
            });

            String name = unique("strict");
            events.publish(DrainRequestedBuilder.drainRequested()
                    .name(name)
                    .cluster("primary")
                    .nodes(List.of("primary-worker-1"))
                    .uncordon(true)
                    .timeout("5s")
                    .build());
            DrainCompleted completed = awaitCompleted(name);
            assertThat(completed.outcome()).as("as predicted").isEqualTo(Outcome.Failed);
            assertThat(completed.reason())
                    .startsWith("node primary-worker-1: not drained within 5 s")
                    .contains("refused by PodDisruptionBudget critical-app-pdb");
            assertThat(completed.nodes().get(0).refusals()).isPositive();
        } finally {
            lab.policy()
                    .v1()
                    .podDisruptionBudget()
                    .inNamespace("default")
                    .withName("critical-app-pdb")
                    .edit(pdb -> {
                        pdb.getSpec().setMinAvailable(new io.fabric8.kubernetes.api.model.IntOrString(2));
                        return pdb;
                    });
        }
    }

    @Test
    void aDrainThatStopsAdvancingIsFailedAsStuckInItsStageLongBeforeItsOwnTimeout() throws Exception {
        String name = unique("stuck");
        events.publish(DrainRequestedBuilder.drainRequested()
                .name(name)
                .cluster("primary")
                .nodes(WORKERS)
                .uncordon(false)
                .timeout("10m") // the budget refuses worker-2's evictions for good: only stuck detection ends it
                .force(false)
                .build());
        DrainCompleted completed = awaitCompleted(name);

        assertThat(completed.outcome()).isEqualTo(Outcome.Failed);
        assertThat(completed.reason())
                .startsWith("stuck in evicting ")
                .contains("pods from primary-worker-2: no progress for 20s (day2.jobs.stuck-after)")
                .contains("nodes may be left cordoned"); // answered within Flow.TIMEOUT (90 s), not after 10 m
    }

    @Test
    void aDrainCancelledWhileABudgetRefusesItsEvictionsStopsThereAndSaysTheNodeStaysCordoned() throws Exception {
        String name = unique("cancel-drain");
        events.publish(DrainRequestedBuilder.drainRequested()
                .name(name)
                .cluster("primary")
                .nodes(WORKERS)
                .uncordon(false)
                .timeout("10m") // the budget refuses worker-2's evictions for good: only the cancel ends it
                .force(false)
                .build());
        await().atMost(TIMEOUT)
                .until(() -> Boolean.TRUE.equals(
                        lab.nodes().withName("primary-worker-2").get().getSpec().getUnschedulable()));

        io.day2ops.testing.Api.asUser("operator")
                .post("/drains/" + name + "/cancel")
                .then()
                .statusCode(202)
                .body("cancelRequestedBy", equalTo("/users/operator"));
        DrainCompleted completed = awaitCompleted(name);

        assertThat(completed.outcome()).isEqualTo(Outcome.Failed);
        assertThat(completed.cancelledBy()).isEqualTo("/users/operator");
        assertThat(completed.reason())
                .startsWith("node primary-worker-2: cancelled by /users/operator while evicting")
                .contains("the node stays cordoned (kubectl uncordon primary-worker-2)");
        assertThat(completed.nodes()).extracting(NodeDrain::drained).containsExactly(true, false);
    }

    @Test
    void aPodNoControllerManagesStopsTheDrainBeforeAnythingIsEvictedUnlessForced() throws Exception {
        String bare = unique("debug-shell");
        lab.resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(bare)
                        .withNamespace("default")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName("primary-worker-1")
                        .addNewContainer()
                        .withName("sh")
                        .withImage("busybox:1.36")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        int before = podsOn("primary-worker-1").size();
        String name = unique("refused");
        events.publish(DrainRequestedBuilder.drainRequested()
                .name(name)
                .cluster("primary")
                .nodes(List.of("primary-worker-1"))
                .uncordon(false)
                .timeout("10s")
                .force(false)
                .build());
        DrainCompleted refused = awaitCompleted(name);

        assertThat(refused.outcome()).isEqualTo(Outcome.Failed);
        assertThat(refused.reason()).contains("pods not managed by a controller would be lost: [default/" + bare + "]");
        assertThat(refused.nodes().get(0).evicted()).isEmpty();
        assertThat(podsOn("primary-worker-1")).hasSize(before);

        String forced = unique("forced");
        events.publish(DrainRequestedBuilder.drainRequested()
                .name(forced)
                .cluster("primary")
                .nodes(List.of("primary-worker-1"))
                .uncordon(true)
                .timeout("60s")
                .force(true)
                .build());
        DrainCompleted done = awaitCompleted(forced);
        assertThat(done.outcome()).as(done.toString()).isEqualTo(Outcome.Drained);
        assertThat(done.nodes().get(0).evicted()).contains("default/" + bare);
        assertThat(lab.pods().inNamespace("default").withName(bare).get()).isNull();
    }

    @Test
    void anUnknownNodeIsNamedAndNothingIsCordoned() throws Exception {
        String name = unique("unknown-node");
        events.publish(DrainRequestedBuilder.drainRequested()
                .name(name)
                .cluster("primary")
                .nodes(List.of("primary-worker-1", "worker-9"))
                .uncordon(false)
                .build());
        DrainCompleted failed = awaitCompleted(name);

        assertThat(failed.outcome()).isEqualTo(Outcome.Failed);
        assertThat(failed.reason()).isEqualTo("no such node(s): [worker-9]; nothing was cordoned");
        assertThat(lab.nodes().withName("primary-worker-1").get().getSpec().getUnschedulable())
                .isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void aDrainOfAProtectedClusterFromASourceNotAllowedIsRejectedAndCordonsNothing() throws Exception {
        String name = unique("rogue-drain");
        events.as("/chatops")
                .publish(DrainRequestedBuilder.drainRequested()
                        .name(name)
                        .cluster("primary")
                        .nodes(List.of("primary-worker-1"))
                        .uncordon(false)
                        .build());
        DrainCompleted refused = awaitCompleted(name);

        assertThat(refused.outcome()).isEqualTo(Outcome.Failed);
        assertThat(refused.reason())
                .startsWith("Rejected: cluster 'primary' is protected: drain is allowed only from")
                .contains("not from '/chatops'");
        assertThat(refused.nodes()).isEmpty();
        assertThat(lab.nodes().withName("primary-worker-1").get().getSpec().getUnschedulable())
                .isNotEqualTo(Boolean.TRUE);
        asUser("viewer")
                .get("/drains/" + name)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("Failed"))
                .body("requestedBy", equalTo("/chatops"));
    }

    @Test
    void aDrainSentLongerAgoThanItsMaxAgeIsRejectedAsExpiredAndCordonsNothing() throws Exception {
        String name = unique("stale-drain");
        events.publishSentAt(
                DrainRequestedBuilder.drainRequested()
                        .name(name)
                        .cluster("primary")
                        .nodes(List.of("primary-worker-1"))
                        .uncordon(false)
                        .build(),
                Instant.now().minus(Duration.ofDays(7)));
        DrainCompleted refused = awaitCompleted(name);

        assertThat(refused.outcome()).isEqualTo(Outcome.Failed);
        assertThat(refused.reason()).startsWith("Rejected: expired: sent at ");
        assertThat(lab.nodes().withName("primary-worker-1").get().getSpec().getUnschedulable())
                .isNotEqualTo(Boolean.TRUE);
    }

    private List<Pod> podsOn(String node) {
        return lab.pods()
                .inAnyNamespace()
                .withField("spec.nodeName", node)
                .list()
                .getItems();
    }

    private DrainCompleted awaitCompleted(String name) throws Exception {
        var records = events.await(
                EventType.DRAIN_COMPLETED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as("DrainCompleted for %s", name).hasSize(1);
        return codec.parse(EventType.DRAIN_COMPLETED, records.get(0).value());
    }

    private void awaitLabHealthy() {
        await().atMost(TIMEOUT).until(() -> {
            for (String node : WORKERS) {
                Node n = lab.nodes().withName(node).get();
                if (Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
                    return false;
                }
            }
            return available("default", "critical-app", 3) && available("kube-system", "coredns", 2);
        });
    }

    private boolean available(String namespace, String name, int replicas) {
        Deployment d =
                lab.apps().deployments().inNamespace(namespace).withName(name).get();
        return d != null
                && d.getStatus() != null
                && Integer.valueOf(replicas).equals(d.getStatus().getAvailableReplicas())
                && Integer.valueOf(replicas).equals(d.getStatus().getReplicas())
                // what a drain's budget check counts: Ready pods that are not going away (the Deployment's status
                // can say 3 available while a replacement pod is not Ready yet — CI saw a dry run find "2 of 3")
                && lab
                                .pods()
                                .inNamespace(namespace)
                                .withLabels(d.getSpec().getSelector().getMatchLabels())
                                .list()
                                .getItems()
                                .stream()
                                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                                .filter(p -> p.getStatus() != null
                                        && p.getStatus().getConditions() != null
                                        && p.getStatus().getConditions().stream()
                                                .anyMatch(c ->
                                                        "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                                .count()
                        == replicas;
    }
}
