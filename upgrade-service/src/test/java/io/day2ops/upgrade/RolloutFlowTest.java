package io.day2ops.upgrade;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.RolloutCompleted;
import io.day2ops.events.RolloutCompleted.Outcome;
import io.day2ops.events.RolloutCompleted.Step;
import io.day2ops.events.RolloutRequested;
import io.day2ops.events.fixtures.RolloutRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.day2ops.testing.InjectCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rollouts on the sandbox lab over a real broker and database: {@code critical-app} (3 replicas, PDB minAvailable 2,
 * maxSurge 1 / maxUnavailable 0) and a StatefulSet made for the test. A broken image rolls back by itself; availability
 * is sampled from the pods all along.
 */
@Day2FlowTest
class RolloutFlowTest {

    private static final String GOOD_IMAGE = "nginx:1.25";

    private final EventCodec codec = new EventCodec();

    @InjectBus
    BusClient events;

    @InjectCluster("primary")
    KubernetesClient lab;

    @Test
    void aSurgeRolloutOfCriticalAppWithABrokenImageRollsBackByItselfAndNeverGoesBelowItsPdb() throws Exception {
        awaitCriticalAppReady();
        AvailabilitySampler sampler = new AvailabilitySampler(lab, "default", Map.of("app", "critical-app"));
        sampler.start();
        String name = unique("critical-broken");

        RolloutCompleted completed;
        try {
            events.publish(surge(name, "nginx:broken", "60s"));
            completed = awaitCompleted(name);
            awaitCriticalAppReady();
        } finally {
            sampler.stop();
        }

        assertThat(completed.outcome()).as(completed.toString()).isEqualTo(Outcome.RolledBack);
        assertThat(completed.reason()).contains("ImagePullBackOff").contains("rolled back to " + GOOD_IMAGE);
        assertThat(completed.steps())
                .extracting(Step::description)
                .containsExactly(
                        "apply image nginx:broken (maxSurge 1, maxUnavailable 0)",
                        "wait for rollout",
                        "roll back to the previous template",
                        "wait for rollback");
        assertThat(completed.steps()).extracting(Step::succeeded).containsExactly(true, false, true, true);
        assertThat(image(lab.apps()
                        .deployments()
                        .inNamespace("default")
                        .withName("critical-app")
                        .get()))
                .isEqualTo(GOOD_IMAGE);
        assertThat(sampler.samples()).as("availability was sampled all along").isGreaterThan(10);
        assertThat(sampler.lowest())
                .as("ready critical-app pods never below the PDB's minAvailable 2")
                .isGreaterThanOrEqualTo(2);
        asUser("admin")
                .get("/rollouts/" + name)
                .then()
                .statusCode(200)
                .body("outcome", equalTo("RolledBack"))
                .body("steps.size()", equalTo(4));
    }

    @Test
    void aSurgeRolloutToAGoodImageSucceedsAndRollingBackIsAnotherRollout() throws Exception {
        awaitCriticalAppReady();
        String forward = unique("critical-126");
        events.publish(surge(forward, "nginx:1.26", "60s"));
        RolloutCompleted completed = awaitCompleted(forward);

        assertThat(completed.outcome()).as(completed.toString()).isEqualTo(Outcome.Succeeded);
        assertThat(completed.steps().get(1).message()).isEqualTo("3 of 3 replicas updated and available");
        assertThat(image(lab.apps()
                        .deployments()
                        .inNamespace("default")
                        .withName("critical-app")
                        .get()))
                .isEqualTo("nginx:1.26");

        String back = unique("critical-125");
        events.publish(surge(back, GOOD_IMAGE, "60s"));
        assertThat(awaitCompleted(back).outcome()).isEqualTo(Outcome.Succeeded);
        awaitCriticalAppReady();
    }

    @Test
    void aPartitionRolloutStopsAtTheFailingStepAndRestoresTheOldRevision() throws Exception {
        String set = unique("ledger");
        lab.resource(statefulSet(set, "postgres:16")).create();
        awaitStatefulSetReady(set, 3);
        String oldRevision = lab.apps()
                .statefulSets()
                .inNamespace("default")
                .withName(set)
                .get()
                .getStatus()
                .getCurrentRevision();
        String name = set + "-crash";

        events.publish(partition(name, set, "postgres:crash-17", List.of(2, 1, 0)));
        RolloutCompleted completed = awaitCompleted(name);

        assertThat(completed.outcome()).as(completed.toString()).isEqualTo(Outcome.RolledBack);
        assertThat(completed.reason()).contains("step partition 3 -> 2 failed", "CrashLoopBackOff", set + "-2");
        assertThat(completed.steps())
                .extracting(Step::description, Step::succeeded)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("apply image postgres:crash-17 held at partition 3", true),
                        org.assertj.core.groups.Tuple.tuple("partition 3 -> 2", false),
                        org.assertj.core.groups.Tuple.tuple("restore the previous revision and partition 0", true));
        StatefulSet after =
                lab.apps().statefulSets().inNamespace("default").withName(set).get();
        assertThat(image(after)).isEqualTo("postgres:16");
        assertThat(after.getSpec().getUpdateStrategy().getRollingUpdate().getPartition())
                .isZero();
        awaitStatefulSetReady(set, 3);
        assertThat(pods(set))
                .extracting(p -> p.getMetadata().getLabels().get("controller-revision-hash"))
                .containsOnly(oldRevision);
        lab.apps().statefulSets().inNamespace("default").withName(set).delete();
    }

    @Test
    void aPartitionRolloutStepsDownOnePodAtATimeWithPauses() throws Exception {
        String set = unique("orders");
        lab.resource(statefulSet(set, "postgres:16")).create();
        awaitStatefulSetReady(set, 3);
        String name = set + "-164";

        events.publish(RolloutRequestedBuilder.rolloutRequested()
                .name(name)
                .cluster("primary")
                .namespace("default")
                .kind("StatefulSet")
                .workload(set)
                .strategy("partition")
                .image("postgres:16.4")
                .partitionSteps(List.of())
                .pauseBetweenSteps("200ms")
                .progressDeadline("60s")
                .build());
        RolloutCompleted completed = awaitCompleted(name);

        assertThat(completed.outcome()).as(completed.toString()).isEqualTo(Outcome.Succeeded);
        assertThat(completed.steps())
                .extracting(Step::description)
                .containsExactly(
                        "apply image postgres:16.4 held at partition 3",
                        "partition 3 -> 2",
                        "pause 0 s",
                        "partition 2 -> 1",
                        "pause 0 s",
                        "partition 1 -> 0");
        assertThat(completed.steps().get(5).message()).startsWith("3 of 3 pods on ");
        assertThat(pods(set)).extracting(RolloutFlowTest::image).containsOnly("postgres:16.4");
        lab.apps().statefulSets().inNamespace("default").withName(set).delete();
    }

    @Test
    void aRolloutCancelledDuringItsPauseRollsBackLikeArgoRolloutsAbortAndSaysWhoCancelledIt() throws Exception {
        String set = unique("payments");
        lab.resource(statefulSet(set, "postgres:16")).create();
        awaitStatefulSetReady(set, 3);
        String name = set + "-abort";
        events.publish(RolloutRequestedBuilder.rolloutRequested()
                .name(name)
                .cluster("primary")
                .namespace("default")
                .kind("StatefulSet")
                .workload(set)
                .strategy("partition")
                .image("postgres:16.4")
                .partitionSteps(List.of(2, 1, 0))
                .pauseBetweenSteps("5m")
                .progressDeadline("60s")
                .build());
        // the first step done: one pod on the new revision, then a five-minute pause
        await().atMost(TIMEOUT)
                .until(() -> pods(set).stream()
                                .filter(pod -> "postgres:16.4".equals(image(pod)) && ready(pod))
                                .count()
                        == 1);

        asUser("operator")
                .post("/rollouts/" + name + "/cancel")
                .then()
                .statusCode(202)
                .body("cancelRequestedBy", equalTo("/users/operator"));
        RolloutCompleted completed = awaitCompleted(name);

        assertThat(completed.outcome()).as(completed.toString()).isEqualTo(Outcome.RolledBack);
        assertThat(completed.cancelledBy()).isEqualTo("/users/operator");
        assertThat(completed.reason())
                .startsWith("cancelled by /users/operator during the pause after partition 2")
                .contains("restored revision");
        assertThat(completed.steps())
                .extracting(Step::description)
                .containsExactly(
                        "apply image postgres:16.4 held at partition 3",
                        "partition 3 -> 2",
                        "pause 300 s",
                        "restore the previous revision and partition 0");
        awaitStatefulSetReady(set, 3);
        assertThat(pods(set)).extracting(RolloutFlowTest::image).containsOnly("postgres:16");
        asUser("operator")
                .post("/rollouts/" + name + "/cancel")
                .then()
                .statusCode(200)
                .body("message", equalTo("cancelled already"));
        lab.apps().statefulSets().inNamespace("default").withName(set).delete();
    }

    @Test
    void aRequestThatCannotRunIsAnsweredFailedNamingWhyWithoutTouchingTheCluster() throws Exception {
        String mismatch = unique("mismatch");
        events.publish(RolloutRequestedBuilder.rolloutRequested()
                .name(mismatch)
                .cluster("primary")
                .namespace("default")
                .kind("StatefulSet")
                .workload("critical-app")
                .strategy("surge")
                .image("nginx:1.26")
                .maxSurge("1")
                .maxUnavailable("0")
                .partitionSteps(List.of())
                .progressDeadline("30s")
                .build());
        RolloutCompleted refused = awaitCompleted(mismatch);
        assertThat(refused.outcome()).isEqualTo(Outcome.Failed);
        assertThat(refused.reason()).isEqualTo("strategy: surge rolls Deployments, not StatefulSet");
        assertThat(refused.steps()).isEmpty();

        // a field the contract rejects never reaches the service's logic: it is dead-lettered naming the field
        String badDeadline = unique("bad-deadline");
        events.publish(RolloutRequestedBuilder.rolloutRequested()
                .name(badDeadline)
                .cluster("primary")
                .namespace("default")
                .kind("Deployment")
                .workload("critical-app")
                .strategy("surge")
                .image("nginx:1.26")
                .maxSurge("1")
                .maxUnavailable("0")
                .partitionSteps(List.of())
                .progressDeadline("soon")
                .build());
        var dead = events.await(
                EventType.ROLLOUT_REQUESTED.deadLetterTopic(),
                r -> badDeadline.equals(BusClient.header(r, "ce_subject")),
                1,
                TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(BusClient.header(dead.get(0), "dead-letter-reason")).contains("progressDeadline");

        String missing = unique("missing");
        events.publish(surge(missing, "nginx:1.26", "30s", "no-such-app"));
        assertThat(awaitCompleted(missing).reason())
                .isEqualTo("Deployment default/no-such-app does not exist in cluster 'primary'");
        assertThat(image(lab.apps()
                        .deployments()
                        .inNamespace("default")
                        .withName("critical-app")
                        .get()))
                .isEqualTo(GOOD_IMAGE);
    }

    @Test
    void aRolloutOfAProtectedClusterFromASourceNotAllowedIsRejectedWithoutTouchingTheWorkload() throws Exception {
        String name = unique("rogue-rollout");
        events.as("/chatops").publish(surge(name, "nginx:1.26", "30s"));
        RolloutCompleted refused = awaitCompleted(name);

        assertThat(refused.outcome()).isEqualTo(Outcome.Failed);
        assertThat(refused.reason())
                .startsWith(
                        "Rejected: cluster 'primary' is protected: rollout is allowed only from /day2ops/bus-client,"
                                + " not from '/chatops'");
        assertThat(refused.steps()).isEmpty();
        assertThat(image(lab.apps()
                        .deployments()
                        .inNamespace("default")
                        .withName("critical-app")
                        .get()))
                .isEqualTo(GOOD_IMAGE);
    }

    private RolloutRequested surge(String name, String image, String deadline) {
        return surge(name, image, deadline, "critical-app");
    }

    private RolloutRequested surge(String name, String image, String deadline, String workload) {
        return RolloutRequestedBuilder.rolloutRequested()
                .name(name)
                .cluster("primary")
                .namespace("default")
                .kind("Deployment")
                .workload(workload)
                .strategy("surge")
                .image(image)
                .maxSurge("1")
                .maxUnavailable("0")
                .partitionSteps(List.of())
                .progressDeadline(deadline)
                .build();
    }

    private RolloutRequested partition(String name, String set, String image, List<Integer> steps) {
        return RolloutRequestedBuilder.rolloutRequested()
                .name(name)
                .cluster("primary")
                .namespace("default")
                .kind("StatefulSet")
                .workload(set)
                .strategy("partition")
                .image(image)
                .partitionSteps(steps)
                .progressDeadline("30s")
                .build();
    }

    private RolloutCompleted awaitCompleted(String name) throws Exception {
        var records = events.await(
                EventType.ROLLOUT_COMPLETED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as("RolloutCompleted for %s", name).hasSize(1);
        return codec.parse(EventType.ROLLOUT_COMPLETED, records.get(0).value());
    }

    private void awaitCriticalAppReady() {
        await().atMost(TIMEOUT).until(() -> {
            Deployment d = lab.apps()
                    .deployments()
                    .inNamespace("default")
                    .withName("critical-app")
                    .get();
            return d.getStatus() != null
                    && Integer.valueOf(3).equals(d.getStatus().getAvailableReplicas())
                    && Integer.valueOf(3).equals(d.getStatus().getReplicas())
                    && Integer.valueOf(3).equals(d.getStatus().getUpdatedReplicas());
        });
    }

    private void awaitStatefulSetReady(String name, int replicas) {
        await().atMost(TIMEOUT).until(() -> {
            List<Pod> pods = pods(name);
            return pods.size() == replicas && pods.stream().allMatch(RolloutFlowTest::ready);
        });
    }

    private List<Pod> pods(String set) {
        return lab.pods().inNamespace("default").withLabel("app", set).list().getItems();
    }

    private static StatefulSet statefulSet(String name, String image) {
        return new StatefulSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withServiceName(name)
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("db")
                .withImage(image)
                .withNewReadinessProbe()
                .withNewTcpSocket()
                .withPort(new IntOrString(5432))
                .endTcpSocket()
                .withInitialDelaySeconds(1)
                .endReadinessProbe()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static String image(Deployment deployment) {
        return deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage();
    }

    private static String image(StatefulSet set) {
        return set.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static String image(Pod pod) {
        return pod.getSpec().getContainers().get(0).getImage();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Counts the Ready pods of a workload every 20 ms on its own thread and keeps the lowest count seen. */
    static final class AvailabilitySampler {
        private final KubernetesClient client;
        private final String namespace;
        private final Map<String, String> labels;
        private final AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
        private final AtomicInteger samples = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;
        private volatile String lowestAt = "";

        AvailabilitySampler(KubernetesClient client, String namespace, Map<String, String> labels) {
            this.client = client;
            this.namespace = namespace;
            this.labels = labels;
        }

        void start() {
            thread = new Thread(
                    () -> {
                        while (running.get()) {
                            List<Pod> pods = client.pods()
                                    .inNamespace(namespace)
                                    .withLabels(labels)
                                    .list()
                                    .getItems();
                            int ready = (int)
                                    pods.stream().filter(RolloutFlowTest::ready).count();
                            if (ready < lowest.get()) {
                                lowest.set(ready);
                                lowestAt = pods.stream()
                                        .map(p -> p.getMetadata().getName() + "@"
                                                + p.getSpec().getNodeName() + "="
                                                + (ready(p)
                                                        ? "Ready"
                                                        : p.getStatus() == null
                                                                ? "?"
                                                                : p.getStatus().getPhase()))
                                        .toList()
                                        .toString();
                            }
                            samples.incrementAndGet();
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "availability-sampler");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }

        int lowest() {
            return lowest.get();
        }

        int samples() {
            return samples.get();
        }

        /** The pods when the lowest count was seen, for failure messages. */
        String lowestAt() {
            return lowestAt;
        }
    }
}
