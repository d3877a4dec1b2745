package io.day2ops.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventType;
import io.day2ops.events.fixtures.DrainRequestedBuilder;
import io.day2ops.events.fixtures.UpgradeRequestedBuilder;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.sandbox.Sandboxes;
import io.day2ops.testing.Answers;
import io.day2ops.testing.FaultFigures;
import io.day2ops.testing.LocalPrometheus;
import io.day2ops.testing.Replicas;
import io.day2ops.testing.ServiceProcess;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * upgrade-service's part of the fault suite ({@code ./day2 check faults}, see backup-service's {@code FaultSuiteIT}):
 * two packaged replicas on the real broker and database, the sandbox lab answering every call in 200 ms so that gates
 * and a drain are under way, and one replica killed with {@code kill -9}. Every gate must get exactly one verdict and
 * the drain exactly one {@code DrainCompleted}; a drain reported done whose node is left cordoned counts as corrupt.
 */
class FaultSuiteIT {

    private static final boolean ALL = "all".equals(System.getProperty("faults"));
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(ALL ? 300 : 120);
    private static final List<FaultFigures> RESULTS = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<SandboxCluster> clusters;
    private static Replicas replicas;
    private static LocalPrometheus prometheus;

    @BeforeAll
    static void infrastructure() {
        clusters = Sandboxes.start(0, 0, 10);
        replicas = new Replicas(
                "upgrade-service",
                "upgrade-faults",
                Map.of(
                        "upgrade-requested", EventType.UPGRADE_REQUESTED.topic(),
                        "rollout-requested", EventType.ROLLOUT_REQUESTED.topic(),
                        "drain-requested", EventType.DRAIN_REQUESTED.topic(),
                        "snapshot-taken", EventType.SNAPSHOT_TAKEN.topic()),
                Map.of(
                        "day2.clusters.primary.url", clusters.get(0).url(),
                        "day2.clusters.standby.url", clusters.get(1).url(),
                        "day2.clusters.primary.request-timeout", "30s"));
    }

    @AfterAll
    static void report() {
        if (prometheus != null) {
            prometheus.close();
        }
        FaultFigures.report(
                "day2ops fault suite, upgrade-service (" + (ALL ? "all faults" : "fast half") + ")", RESULTS);
        if (replicas != null) {
            replicas.close();
        }
        if (clusters != null) {
            clusters.forEach(SandboxCluster::close);
        }
    }

    @Test
    void killMinus9MidGateAndMidDrainLosesNothing() throws Exception {
        List<ServiceProcess> both = replicas.replicas(2, Replicas.SHORT_LEASE);
        ServiceProcess victim = both.get(0);
        ServiceProcess survivor = both.get(1);
        prometheus = LocalPrometheus.start();
        both.forEach(replica -> prometheus.scrapeAndAwait("upgrade-service", replica, Duration.ofSeconds(60)));
        SandboxCluster lab = clusters.get(0);
        String run = UUID.randomUUID().toString().substring(0, 6);
        try {
            lab.faults().slow(Duration.ofMillis(200)); // every gate and the drain take seconds
            List<String> gates = new ArrayList<>();
            for (int i = 0; i < (ALL ? 12 : 4); i++) {
                String name = "gate-" + run + "-" + i;
                gates.add(name);
                replicas.bus.publish(UpgradeRequestedBuilder.upgradeRequested()
                        .name(name)
                        .cluster("primary")
                        .targetVersion("1.31")
                        .gateOnly(true)
                        .build());
            }
            String drain = "drain-" + run;
            replicas.bus.publish(DrainRequestedBuilder.drainRequested()
                    .name(drain)
                    .cluster("primary")
                    .nodes("primary-worker-1")
                    .uncordon(true)
                    .timeout("5m")
                    .build());
            Thread.sleep(3_000);
            victim.kill();
            String down = prometheus.awaitServiceDown(victim);
            Thread.sleep(2_000);
            lab.faults().clear();

            var verdicts = Answers.await(
                    replicas.bus,
                    List.of(EventType.UPGRADE_GATE_PASSED, EventType.UPGRADE_GATE_FAILED),
                    gates,
                    ANSWER_TIMEOUT);
            List<String> outcomes = new ArrayList<>();
            verdicts.values()
                    .forEach(records -> records.values()
                            .forEach(r -> outcomes.add(
                                    r.topic().equals(EventType.UPGRADE_GATE_PASSED.topic()) ? "GO" : "NO-GO")));
            RESULTS.add(FaultFigures.of(
                            "kill -9 of upgrade-service mid-gate",
                            gates,
                            Answers.ids(verdicts),
                            0,
                            "the other replica took the gates over " + FaultFigures.byPhase(outcomes) + "; " + down)
                    .assertClean());

            var drained =
                    Answers.await(replicas.bus, List.of(EventType.DRAIN_COMPLETED), List.of(drain), ANSWER_TIMEOUT);
            List<String> drainOutcomes = new ArrayList<>();
            int leftCordoned = 0;
            for (ConsumerRecord<String, String> record :
                    drained.getOrDefault(drain, Map.of()).values()) {
                JsonNode event = JSON.readTree(record.value());
                drainOutcomes.add(event.path("outcome").asText());
                if (Boolean.TRUE.equals(lab.client()
                        .nodes()
                        .withName("primary-worker-1")
                        .get()
                        .getSpec()
                        .getUnschedulable())) {
                    leftCordoned++;
                }
            }
            RESULTS.add(FaultFigures.of(
                            "kill -9 of upgrade-service mid-drain",
                            List.of(drain),
                            Answers.ids(drained),
                            leftCordoned,
                            "uncordon: true, node schedulable after " + FaultFigures.byPhase(drainOutcomes))
                    .assertClean());
        } finally {
            lab.faults().clear();
            lab.client()
                    .nodes()
                    .withName("primary-worker-1")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"unschedulable\": false}}");
            victim.close();
            survivor.close();
        }
    }
}
