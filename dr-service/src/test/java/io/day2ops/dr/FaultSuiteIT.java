package io.day2ops.dr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventType;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.events.fixtures.DrillRequestedBuilder;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.testing.Answers;
import io.day2ops.testing.FaultFigures;
import io.day2ops.testing.LocalPrometheus;
import io.day2ops.testing.PeerServices;
import io.day2ops.testing.Replicas;
import io.day2ops.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dr-service's part of the fault suite ({@code ./day2 check faults}, see backup-service's {@code FaultSuiteIT}): two
 * packaged dr-service replicas with the real backup-service and upgrade-service as peers, the standby answering every
 * call in 150 ms so that the drills' restores and verifications are under way, and one dr-service replica killed with
 * {@code kill -9}. Every drill must get exactly one {@code DrillCompleted}; a drill that passed although its target
 * namespace does not hold the backed-up workloads counts as corrupt.
 */
class FaultSuiteIT {

    private static final boolean ALL = "all".equals(System.getProperty("faults"));
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(ALL ? 400 : 180);
    private static final List<FaultFigures> RESULTS = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PeerServices peers;
    private static Replicas replicas;
    private static LocalPrometheus prometheus;

    @BeforeAll
    static void infrastructure() {
        peers = new PeerServices();
        replicas = PackagedDrReplicas.beside(peers, "dr-faults");
    }

    @AfterAll
    static void report() {
        if (prometheus != null) {
            prometheus.close();
        }
        FaultFigures.report("day2ops fault suite, dr-service (" + (ALL ? "all faults" : "fast half") + ")", RESULTS);
        if (replicas != null) {
            replicas.close();
        }
        if (peers != null) {
            peers.stop();
        }
    }

    @Test
    void killMinus9MidDrillLosesNothingAndPassesNothingFalse() throws Exception {
        List<ServiceProcess> both = replicas.replicas(2, Replicas.SHORT_LEASE);
        ServiceProcess victim = both.get(0);
        ServiceProcess survivor = both.get(1);
        prometheus = LocalPrometheus.start();
        both.forEach(replica -> prometheus.scrapeAndAwait("dr-service", replica, Duration.ofSeconds(60)));
        SandboxCluster standby = peers.clusters().get(1);
        String run = UUID.randomUUID().toString().substring(0, 6);
        try {
            String backup = "drilled-" + run;
            replicas.bus.publish(BackupRequestedBuilder.backupRequested()
                    .name(backup)
                    .cluster("primary")
                    .includedNamespaces(List.of("default"))
                    .build());
            var taken = Answers.await(
                    replicas.bus, List.of(EventType.SNAPSHOT_TAKEN), List.of(backup), Duration.ofSeconds(120));
            assertThat(taken).as("SnapshotTaken for " + backup).containsKey(backup);
            replicas.awaitCaughtUp(EventType.SNAPSHOT_TAKEN.topic(), Duration.ofSeconds(60));
            int workloads = peers.clusters()
                    .get(0)
                    .client()
                    .apps()
                    .deployments()
                    .inNamespace("default")
                    .list()
                    .getItems()
                    .size();

            standby.faults().slow(Duration.ofMillis(150)); // restores and verifications take seconds
            List<String> drills = new ArrayList<>();
            Map<String, String> targets = new HashMap<>();
            for (int i = 0; i < (ALL ? 8 : 3); i++) {
                String name = "faultdrill-" + run + "-" + i;
                drills.add(name);
                targets.put(name, "fault-" + run + "-" + i);
                replicas.bus.publish(DrillRequestedBuilder.drillRequested()
                        .name(name)
                        .cluster("primary")
                        .targetCluster("standby")
                        .backupName(backup)
                        .namespaceMapping(Map.of("default", targets.get(name)))
                        .rtoObjective("10m")
                        .rpoObjective("1h")
                        .verify(List.of())
                        .cleanup(false)
                        .timeout("5m")
                        .build());
            }
            Thread.sleep(4_000);
            victim.kill();
            String down = prometheus.awaitServiceDown(victim);
            Thread.sleep(2_000);
            standby.faults().clear();

            var completed = Answers.await(replicas.bus, List.of(EventType.DRILL_COMPLETED), drills, ANSWER_TIMEOUT);
            List<String> verdicts = new ArrayList<>();
            int passedFalse = 0;
            for (Map.Entry<String, Map<String, ConsumerRecord<String, String>>> answer : completed.entrySet()) {
                for (ConsumerRecord<String, String> record : answer.getValue().values()) {
                    JsonNode event = JSON.readTree(record.value());
                    boolean passed = event.path("passed").asBoolean();
                    verdicts.add(passed ? "Passed" : "Failed");
                    int restored = standby.client()
                            .apps()
                            .deployments()
                            .inNamespace(targets.get(answer.getKey()))
                            .list()
                            .getItems()
                            .size();
                    if (passed && restored < workloads) {
                        passedFalse++;
                    }
                }
            }
            RESULTS.add(FaultFigures.of(
                            "kill -9 of dr-service mid-drill",
                            drills,
                            Answers.ids(completed),
                            passedFalse,
                            "the other replica finished them " + FaultFigures.byPhase(verdicts) + "; " + down)
                    .assertClean());
            assertThat(verdicts).as("every drill passes once taken over").containsOnly("Passed");
        } finally {
            standby.faults().clear();
            victim.close();
            survivor.close();
        }
    }
}
