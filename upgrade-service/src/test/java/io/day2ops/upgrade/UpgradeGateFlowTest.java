package io.day2ops.upgrade;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventType;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.SnapshotTakenBuilder;
import io.day2ops.events.fixtures.UpgradeRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * UpgradeRequested in, one gate event out, over a real broker, database and etcd, against the sandbox lab: the module's
 * primary cluster with {@code critical-app} and its PDB.
 */
@Day2FlowTest
class UpgradeGateFlowTest {

    /** Backups are believed only from backup-service: this test plays its part. */
    private static final String BACKUP_SERVICE = "/day2ops/backup-service";

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "day2.clusters.primary.url")
    String primaryUrl;

    @Inject
    Pool pool;

    @InjectBus
    BusClient events;

    @Test
    void theLabGateFailsOnEachProblemNamingItAndPassesOnceTheyAreFixed() throws Exception {
        // on a shared broker, backup-service's tests published SnapshotTaken for "primary" earlier: let this service
        // catch up with the topic (a marker of its own is recorded) before this test sets the lab's backups
        String marker = unique("catch-up");
        events.as(BACKUP_SERVICE).publish(snapshot(marker, marker, Instant.now()));
        await().atMost(TIMEOUT)
                .until(() -> pool.preparedQuery("SELECT 1 FROM latest_backup WHERE cluster = $1")
                                .execute(io.vertx.mutiny.sqlclient.Tuple.of(marker))
                                .await()
                                .atMost(TIMEOUT)
                                .size()
                        == 1);
        pool.query("DELETE FROM latest_backup WHERE cluster = 'primary'")
                .execute()
                .await()
                .atMost(TIMEOUT);
        try (KubernetesClient lab = lab()) {
            // a backup, but three days old
            events.as(BACKUP_SERVICE)
                    .publish(snapshot(
                            "primary", unique("lab-stale"), Instant.now().minus(Duration.ofDays(3))));
            // critical-app's PDB deleted, a Deployment whose image cannot be pulled, a Helm release still shipping
            // policy/v1beta1 (removed in 1.25)
            PodDisruptionBudget pdb = lab.policy()
                    .v1()
                    .podDisruptionBudget()
                    .inNamespace("default")
                    .withName("critical-app-pdb")
                    .get();
            lab.resource(pdb).delete();
            lab.resource(deployment("payments", "nginx:broken")).create();
            lab.resource(HelmReleases.release("legacy-app", "default", 1, "deployed", legacyManifest("policy/v1beta1")))
                    .create();

            JsonNode failed = gateFailed("primary", "1.31", null);

            assertThat(failedCheckIds(failed))
                    .as(failed.toString())
                    .containsExactlyInAnyOrder("removed-api", "pdb-missing", "workload-available", "backup-fresh");
            JsonNode removed = failure(failed, "removed-api");
            assertThat(removed.at("/resource/kind").asText()).isEqualTo("PodDisruptionBudget");
            assertThat(removed.at("/resource/namespace").asText()).isEqualTo("default");
            assertThat(removed.at("/resource/name").asText()).isEqualTo("legacy-app");
            assertThat(removed.get("message").asText())
                    .contains("policy/v1beta1", "removed in 1.25", "helm release legacy-app revision 1");
            assertThat(failure(failed, "pdb-missing").at("/resource/name").asText())
                    .isEqualTo("critical-app");
            assertThat(failure(failed, "workload-available").get("message").asText())
                    .isEqualTo("Deployment default/payments has 0 of 1 replicas available");
            assertThat(failure(failed, "backup-fresh").get("message").asText()).containsAnyOf("old", "no Completed");
            assertThat(verdict(failed, "etcd-health"))
                    .as("a real etcd, healthy")
                    .isEqualTo("PASS");
            assertThat(verdict(failed, "node-ready")).as(failed.toString()).isEqualTo("PASS");
            assertThat(verdict(failed, "kube-system-pods")).isEqualTo("PASS");

            // fixed: the PDB back, the image fixed, the chart upgraded to policy/v1, a fresh backup
            pdb.getMetadata().setResourceVersion(null);
            pdb.getMetadata().setUid(null);
            pdb.setStatus(null);
            lab.resource(pdb).create();
            lab.apps().deployments().inNamespace("default").withName("payments").edit(d -> {
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.25");
                return d;
            });
            lab.secrets()
                    .inNamespace("default")
                    .withName("sh.helm.release.v1.legacy-app.v1")
                    .edit(s -> {
                        s.getMetadata().getLabels().put("status", "superseded");
                        return s;
                    });
            lab.resource(HelmReleases.release("legacy-app", "default", 2, "deployed", legacyManifest("policy/v1")))
                    .create();
            await().atMost(TIMEOUT).until(() -> {
                Deployment d = lab.apps()
                        .deployments()
                        .inNamespace("default")
                        .withName("payments")
                        .get();
                return d.getStatus() != null
                        && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas());
            });
            events.as(BACKUP_SERVICE).publish(snapshot("primary", unique("lab-fresh"), Instant.now()));

            // the fresh backup is consumed on its own topic; ask until the gate has seen it
            AtomicReference<JsonNode> passed = new AtomicReference<>();
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                passed.set(gate("primary", "1.31"));
                return passed.get().has("checks") && !passed.get().has("failures");
            });
            JsonNode report = passed.get();
            assertThat(report.get("targetVersion").asText()).isEqualTo("1.31");
            Set<String> ids = new TreeSet<>();
            report.get("checks").forEach(check -> {
                ids.add(check.get("id").asText());
                assertThat(check.get("verdict").asText()).as(check.toString()).isNotEqualTo("FAIL");
            });
            assertThat(ids)
                    .contains(
                            "cluster-reachable",
                            "control-plane-version-step",
                            "kubelet-skew",
                            "apiserver-skew",
                            "removed-api",
                            "workload-available",
                            "pdb-missing",
                            "pdb-blocks-drain",
                            "backup-fresh",
                            "etcd-health");
            // the NO-GO gates and the GO gate above are counted per cluster and verdict
            io.day2ops.testing.ScrapedMetrics metrics = io.day2ops.testing.ScrapedMetrics.scrape();
            assertThat(metrics.value("day2_gate_verdicts_total{cluster=\"primary\",verdict=\"failed\"}"))
                    .isPositive();
            assertThat(metrics.value("day2_gate_verdicts_total{cluster=\"primary\",verdict=\"passed\"}"))
                    .isPositive();
            assertThat(metrics.text()).contains("day2_jobs_total{kind=\"upgrade-gate\",outcome=\"Completed\"}");
        } finally {
            try (KubernetesClient lab = lab()) {
                lab.apps()
                        .deployments()
                        .inNamespace("default")
                        .withName("payments")
                        .delete();
                lab.secrets().inNamespace("default").withLabel("owner", "helm").delete();
            }
        }
    }

    @Test
    void aGateForAnUnknownClusterFailsOnReachability() throws Exception {
        JsonNode failed = gateFailed("nowhere", "1.31", null);

        assertThat(failedCheckIds(failed)).containsExactly("cluster-reachable");
        assertThat(failed.get("failures").get(0).get("message").asText())
                .contains("no connection configured for cluster 'nowhere'");
    }

    @Test
    void aGateRequestSentLongerAgoThanItsMaxAgeFailsOnPolicyWithoutReadingTheCluster() throws Exception {
        String name = unique("stale-gate");
        events.publishSentAt(
                UpgradeRequestedBuilder.upgradeRequested()
                        .name(name)
                        .cluster("primary")
                        .targetVersion("1.31")
                        .gateOnly(true)
                        .build(),
                Instant.now().minus(Duration.ofHours(2)));
        List<ConsumerRecord<String, String>> answers = events.await(
                EventType.UPGRADE_GATE_FAILED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(answers).hasSize(1);
        JsonNode failed = JSON.readTree(answers.get(0).value());

        assertThat(failedCheckIds(failed)).containsExactly("policy");
        assertThat(failure(failed, "policy").get("message").asText()).startsWith("Rejected: expired: sent at ");
    }

    @Test
    void aGateThatSkipsAMinorVersionFailsNamingTheNextStepAndIsServedOverRest() throws Exception {
        String name = unique("gate");
        JsonNode failed = gateFailed("primary", "1.32", name);

        assertThat(failed.get("currentVersion").asText()).isEqualTo("v1.30.4");
        assertThat(failedCheckIds(failed)).contains("control-plane-version-step");
        assertThat(failure(failed, "control-plane-version-step")
                        .get("remediation")
                        .asText())
                .contains("first to 1.31");
        asUser("admin")
                .get("/gates/requests/" + name)
                .then()
                .statusCode(200)
                .body("verdict", equalTo("Failed"))
                .body("checks.id", hasItem("control-plane-version-step"));
        List<String> hops = new ArrayList<>();
        failed.get("checks").forEach(check -> {
            if (check.get("id").asText().equals("upgrade-plan")) {
                hops.add(check.get("message").asText());
            }
        });
        assertThat(hops)
                .as("the plan of single-minor hops, in the report")
                .containsExactly(
                        "hop 1 of 2: 1.30 -> 1.31 removes no API version",
                        "hop 2 of 2: 1.31 -> 1.32 removes FlowSchema flowcontrol.apiserver.k8s.io/v1beta3;"
                                + " PriorityLevelConfiguration flowcontrol.apiserver.k8s.io/v1beta3");
        asUser("viewer")
                .get("/gates/plan?cluster=primary&target=1.32")
                .then()
                .statusCode(200)
                .body("from", equalTo("1.30"))
                .body("hops.to", org.hamcrest.Matchers.contains("1.31", "1.32"))
                .body("hops[1].removals.apiVersion", hasItem("flowcontrol.apiserver.k8s.io/v1beta3"));
        asUser("viewer")
                .get("/gates/plan?cluster=primary&target=next")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("target"));
        asUser("viewer").get("/gates/plan?cluster=nowhere&target=1.32").then().statusCode(404);
        asUser("admin")
                .get("/gates/clusters/primary/latest")
                .then()
                .statusCode(200)
                .body("cluster", equalTo("primary"));
    }

    @Test
    void aTargetOfNextIsTheMinorAfterTheClustersAndTheAnswerNamesIt() throws Exception {
        JsonNode answer = gate("primary", "next"); // the seed's daily check: never stale as the cluster moves on

        assertThat(answer.get("targetVersion").asText()).isEqualTo("1.31");
        assertThat(verdict(answer, "control-plane-version-step")).isEqualTo("PASS");
    }

    @Test
    void aWaivedFailureStaysInTheReportAsWaivedWithItsReason() throws Exception {
        JsonNode answer = gate(
                "primary",
                "1.32",
                new io.day2ops.events.GateWaiver(
                        "control-plane-version-step", null, "the lab's 1.31 step is rehearsed elsewhere"));

        assertThat(verdict(answer, "control-plane-version-step")).isEqualTo("WAIVED");
        answer.get("checks").forEach(check -> {
            if (check.get("id").asText().equals("control-plane-version-step")) {
                assertThat(check.get("message").asText())
                        .endsWith("— waived by the request: the lab's 1.31 step is rehearsed elsewhere");
            }
        });
        if (answer.has("failures")) {
            assertThat(failedCheckIds(answer)).doesNotContain("control-plane-version-step");
        }
    }

    @Test
    void anUnreachableApiServerIsNamedAsTheFailure() throws Exception {
        JsonNode failed = gateFailed("unreachable", "1.31", null);

        assertThat(failedCheckIds(failed)).containsExactly("cluster-reachable");
        assertThat(failed.get("failures").get(0).get("message").asText()).contains("did not answer");
    }

    @Test
    void restNamesBadInput() {
        asUser("admin")
                .get("/gates/clusters/Bad_Cluster/latest")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cluster"));
        asUser("admin").get("/gates/requests/never-requested").then().statusCode(404);
    }

    private KubernetesClient lab() {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(primaryUrl).build())
                .build();
    }

    private static Deployment deployment(String name, String image) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(Map.of("app", name))
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1))
                .withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(image)
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/")
                .withPort(new IntOrString(80))
                .endHttpGet()
                .endReadinessProbe()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static String legacyManifest(String pdbApiVersion) {
        return """
                ---
                # Source: legacy-app/templates/pdb.yaml
                apiVersion: %s
                kind: PodDisruptionBudget
                metadata:
                  name: legacy-app
                spec:
                  minAvailable: 1
                  selector:
                    matchLabels: {app: legacy-app}
                ---
                # Source: legacy-app/templates/configmap.yaml
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: legacy-app
                data: {mode: legacy}
                """.formatted(pdbApiVersion);
    }

    private static SnapshotTaken snapshot(String cluster, String name, Instant data) {
        return SnapshotTakenBuilder.completed(name, cluster, data)
                .completedAt(data.plusSeconds(3))
                .build();
    }

    /** Requests a gate and returns the answer, passed or failed. */
    private JsonNode gate(String cluster, String target, io.day2ops.events.GateWaiver... waivers) throws Exception {
        String name = unique("gate");
        events.publish(UpgradeRequestedBuilder.upgradeRequested()
                .name(name)
                .cluster(cluster)
                .targetVersion(target)
                .gateOnly(true)
                .waivers(waivers)
                .build());
        List<ConsumerRecord<String, String>> passed = events.await(
                EventType.UPGRADE_GATE_PASSED.topic(),
                r -> name.equals(BusClient.header(r, "ce_subject")),
                1,
                Duration.ofSeconds(15));
        if (!passed.isEmpty()) {
            return JSON.readTree(passed.get(0).value());
        }
        return JSON.readTree(events.await(
                        EventType.UPGRADE_GATE_FAILED.topic(),
                        r -> name.equals(BusClient.header(r, "ce_subject")),
                        1,
                        TIMEOUT)
                .get(0)
                .value());
    }

    private JsonNode gateFailed(String cluster, String target, String name) throws Exception {
        String request = name == null ? unique("gate") : name;
        events.publish(UpgradeRequestedBuilder.upgradeRequested()
                .name(request)
                .cluster(cluster)
                .targetVersion(target)
                .gateOnly(true)
                .build());
        List<ConsumerRecord<String, String>> answers = events.await(
                EventType.UPGRADE_GATE_FAILED.topic(),
                r -> request.equals(BusClient.header(r, "ce_subject")),
                1,
                TIMEOUT);
        assertThat(answers).as("UpgradeGateFailed for %s", request).hasSize(1);
        assertThat(answers.get(0).key()).isEqualTo(cluster);
        return JSON.readTree(answers.get(0).value());
    }

    private static JsonNode failure(JsonNode event, String id) {
        for (JsonNode check : event.get("failures")) {
            if (id.equals(check.get("id").asText())) {
                return check;
            }
        }
        throw new AssertionError("no failing " + id + " in " + event);
    }

    private static String verdict(JsonNode event, String id) {
        for (JsonNode check : event.get("checks")) {
            if (id.equals(check.get("id").asText())) {
                return check.get("verdict").asText();
            }
        }
        throw new AssertionError("no " + id + " check in " + event);
    }

    private static List<String> failedCheckIds(JsonNode event) {
        List<String> ids = new ArrayList<>();
        event.get("failures").forEach(check -> ids.add(check.get("id").asText()));
        return ids;
    }
}
