package io.day2ops.dr;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.dr.domain.FencedWorkload;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.FailoverCompleted;
import io.day2ops.events.FailoverRequested;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.events.fixtures.FailbackRequestedBuilder;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.PeerServices;
import io.day2ops.testing.Replicas;
import io.day2ops.testing.ServiceProcess;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Automatic failover by quorum, and fencing, with two packaged dr-service replicas beside the real backup-service: one
 * replica cut off from a healthy primary (its URL for it goes nowhere) sees it down and does not fail it over; when the
 * primary answers 503 to both, it is failed over once; when it answers again, the workloads the failover restored
 * into the standby are scaled to 0 on it, their replicas recorded. A failback then restores the standby's newest backup
 * into the primary, scales back what was fenced there, and fences the standby. Failsafe, after {@code package}.
 */
class FailoverQuorumIT {

    private static final EventCodec CODEC = new EventCodec();

    private static PeerServices peers;
    private static Replicas replicas;

    @BeforeAll
    static void infrastructure() {
        // backup-service only: a failover needs its restores, nothing here drains
        peers = new PeerServices(Map.of("backup-service", List.of("backup-requested", "restore-requested")));
        replicas = PackagedDrReplicas.beside(peers, "dr-quorum");
    }

    @AfterAll
    static void release() {
        if (replicas != null) {
            replicas.close();
        }
        if (peers != null) {
            peers.stop();
        }
    }

    @Test
    void onePartitionedReplicaDoesNotFailOverBothSeeingTheSourceDownDoOnceAndTheOldPrimaryIsFenced() throws Exception {
        SandboxCluster primary = peers.clusters().get(0);
        SandboxCluster standby = peers.clusters().get(1);
        String run = UUID.randomUUID().toString().substring(0, 6);
        String namespace = "shop-" + run;
        primary.client()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        primary.client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .resource(web())
                .create();
        String backup = "shop-" + run;
        replicas.bus.publish(BackupRequestedBuilder.backupRequested()
                .name(backup)
                .cluster("primary")
                .includedNamespaces(List.of(namespace))
                .build());
        assertThat(replicas.bus.await(
                        EventType.SNAPSHOT_TAKEN.topic(),
                        r -> backup.equals(BusClient.header(r, "ce_subject")),
                        1,
                        Duration.ofSeconds(120)))
                .hasSize(1);

        Map<String, String> armed = Map.of(
                "day2.failover.auto.primary.target",
                "standby",
                "day2.failover.auto.primary.after-failures",
                "3",
                "day2.failover.auto.primary.probe-interval",
                "300ms",
                "day2.failover.auto.primary.probe-timeout",
                "2s",
                "day2.failover.auto.primary.settle",
                "12s",
                "day2.failover.fence-clusters",
                "primary,standby",
                "day2.failover.fence-retry",
                "500ms");
        Instant started = Instant.now();
        Map<String, String> a = new HashMap<>(armed);
        a.put("day2.failover.observer", "replica-a");
        Map<String, String> b = new HashMap<>(armed);
        b.put("day2.failover.observer", "replica-b");
        // partitioned: replica-b's way to the primary goes nowhere, the primary itself is fine
        b.put("day2.clusters.primary.url", "http://127.0.0.1:" + closedPort());
        // started together: neither decides before the other has had time to report
        ServiceProcess replicaA = replicas.starting(a);
        ServiceProcess replicaB = replicas.starting(b);
        replicaA.awaitReady(Duration.ofSeconds(120));
        replicaB.awaitReady(Duration.ofSeconds(120));
        try {
            replicas.awaitCaughtUp(EventType.SNAPSHOT_TAKEN.topic(), Duration.ofSeconds(60));
            replicaB.awaitLog(
                    "down as seen by 1 of 2 dr-service replicas (replica-b), quorum 2: not failing over",
                    Duration.ofSeconds(30));
            Thread.sleep(3_000); // ten more probes of each replica
            assertThat(failoversRequested(started, 1, Duration.ofSeconds(1)))
                    .as("one replica of two sees the primary down: no failover")
                    .isEmpty();
            assertThat(primary.client()
                            .apps()
                            .deployments()
                            .inNamespace(namespace)
                            .withName("web")
                            .get())
                    .isNotNull();

            primary.faults().failWith(503);
            var requested = failoversRequested(started, 2, Duration.ofSeconds(20));
            assertThat(requested).as("both replicas see it down: one failover").hasSize(1);
            FailoverRequested request =
                    CODEC.parse(EventType.FAILOVER_REQUESTED, requested.get(0).value());
            assertThat(request.automatic()).isTrue();
            assertThat(request.reason())
                    .contains("as seen by 2 of 2 dr-service replicas (replica-a, replica-b; quorum 2)")
                    .as("each replica's own last error: whichever decides")
                    .contains("replica-a: answered 503")
                    .containsPattern("replica-b: .*Connection refused");

            var answers = replicas.bus.await(
                    EventType.FAILOVER_COMPLETED.topic(),
                    r -> request.name().equals(BusClient.header(r, "ce_subject")),
                    1,
                    Duration.ofSeconds(180));
            assertThat(answers).as("FailoverCompleted").hasSize(1);
            FailoverCompleted failover =
                    CODEC.parse(EventType.FAILOVER_COMPLETED, answers.get(0).value());
            assertThat(failover.succeeded()).as(failover.failureReason()).isTrue();
            assertThat(standby.client()
                            .apps()
                            .deployments()
                            .inNamespace(namespace)
                            .withName("web")
                            .get())
                    .as("the failover restored the workload into the standby")
                    .isNotNull();
            assertThat(failoversRequested(started, 2, Duration.ofSeconds(2)))
                    .as("decided once per cooldown, the primary still down")
                    .hasSize(1);

            primary.faults().clear();
            Deployment fenced = awaitFenced(primary, namespace, Duration.ofSeconds(60));
            assertThat(fenced.getSpec().getReplicas()).as("fenced: scaled to 0").isZero();
            assertThat(fenced.getMetadata().getAnnotations())
                    .containsEntry(FencedWorkload.FENCED_BY, request.name())
                    .containsEntry(FencedWorkload.FENCED_REPLICAS, "2");
            assertThat(failoversRequested(started, 2, Duration.ofSeconds(1))).hasSize(1);

            // failback: refused for a failover that does not exist, then the standby's newest backup restored into
            // the primary's namespace, what was fenced there scaled back, and the standby fenced in turn. replica-b,
            // still cut off from the primary, stops first: a failback it took would fail on "target-cluster-reachable"
            replicaB.close();
            String nowhere = "failback-nowhere-" + run;
            String nowhereId = replicas.bus
                    .publish(FailbackRequestedBuilder.failbackRequested()
                            .name(nowhere)
                            .cluster("standby")
                            .failover("no-such-failover")
                            .build())
                    .id();
            var refused = replicas.bus.await(
                    EventType.FAILBACK_REQUESTED.deadLetterTopic(),
                    r -> nowhereId.equals(BusClient.header(r, "ce_id")),
                    1,
                    Duration.ofSeconds(30));
            assertThat(refused).hasSize(1);
            assertThat(BusClient.header(refused.get(0), "dead-letter-reason"))
                    .contains("failover 'no-such-failover' does not exist");

            String standbyBackup = "standby-" + run;
            replicas.bus.publish(BackupRequestedBuilder.backupRequested()
                    .name(standbyBackup)
                    .cluster("standby")
                    .includedNamespaces(List.of(namespace))
                    .build());
            assertThat(replicas.bus.await(
                            EventType.SNAPSHOT_TAKEN.topic(),
                            r -> standbyBackup.equals(BusClient.header(r, "ce_subject")),
                            1,
                            Duration.ofSeconds(120)))
                    .hasSize(1);
            replicas.awaitCaughtUp(EventType.SNAPSHOT_TAKEN.topic(), Duration.ofSeconds(60));
            String failback = "failback-" + run;
            replicas.bus.publish(FailbackRequestedBuilder.failbackRequested()
                    .name(failback)
                    .cluster("standby")
                    .failover(request.name())
                    .reason("primary repaired")
                    .build());
            var back = replicas.bus.await(
                    EventType.FAILOVER_COMPLETED.topic(),
                    r -> failback.equals(BusClient.header(r, "ce_subject")),
                    1,
                    Duration.ofSeconds(180));
            assertThat(back)
                    .as(
                            "FailoverCompleted of the failback; the primary's workload: %s",
                            primary.client()
                                    .apps()
                                    .deployments()
                                    .inNamespace(namespace)
                                    .withName("web")
                                    .get())
                    .hasSize(1);
            FailoverCompleted failedBack =
                    CODEC.parse(EventType.FAILOVER_COMPLETED, back.get(0).value());
            assertThat(failedBack.succeeded()).as(failedBack.failureReason()).isTrue();
            assertThat(failedBack.failbackOf()).isEqualTo(request.name());
            assertThat(failedBack.cluster()).isEqualTo("standby");
            assertThat(failedBack.targetCluster()).isEqualTo("primary");
            assertThat(failedBack.backupName()).isEqualTo(standbyBackup);
            Deployment unfenced = primary.client()
                    .apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName("web")
                    .get();
            assertThat(unfenced.getSpec().getReplicas()).as("scaled back").isEqualTo(2);
            assertThat(unfenced.getMetadata().getAnnotations())
                    .doesNotContainKeys(FencedWorkload.FENCED_BY, FencedWorkload.FENCED_REPLICAS);
            Deployment standbyFenced = awaitFenced(standby, namespace, Duration.ofSeconds(60));
            assertThat(standbyFenced.getMetadata().getAnnotations())
                    .containsEntry(FencedWorkload.FENCED_BY, failback)
                    .containsEntry(FencedWorkload.FENCED_REPLICAS, "2");
        } finally {
            primary.faults().clear();
            // the proof is over: no graceful shutdown to wait for
            replicaA.kill();
            replicaB.close(); // closed already unless the test failed before the failback
        }
    }

    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> failoversRequested(
            Instant since, int atMost, Duration wait) {
        return replicas.bus.await(
                EventType.FAILOVER_REQUESTED.topic(),
                r -> "primary".equals(r.key())
                        && r.timestamp() >= since.toEpochMilli()
                        && "/day2ops/dr-service".equals(BusClient.header(r, "ce_source")),
                atMost,
                wait);
    }

    private static Deployment awaitFenced(SandboxCluster cluster, String namespace, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Deployment web = null;
        while (System.nanoTime() < end) {
            web = cluster.client()
                    .apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName("web")
                    .get();
            if (web != null && web.getSpec().getReplicas() == 0) {
                return web;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not fenced within " + timeout + ": " + web);
    }

    private static Deployment web() {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withLabels(Map.of("app", "web"))
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .withMatchLabels(Map.of("app", "web"))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", "web"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx:1.27")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static int closedPort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
