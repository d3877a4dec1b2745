package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.day2ops.events.EventType;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.Flow;
import io.day2ops.testing.InjectBus;
import io.day2ops.testing.InjectCluster;
import io.day2ops.testing.SandboxClusters;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Live progress and cancel, over the real broker, database and sandboxes: a backup (a restore) made slow by the
 * sandbox's fault switch shows its stage, items and rate on its record while it runs, its log so far, and a cancel
 * stops it mid-way: phase Cancelled, its answer event saying who cancelled it.
 */
@Day2FlowTest
class CancelAndProgressFlowTest {

    @InjectBus
    BusClient events;

    @InjectCluster("primary")
    KubernetesClient primary;

    @InjectCluster("standby")
    KubernetesClient standby;

    private void configMaps(String namespace, int count) {
        primary.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        for (int i = 0; i < count; i++) {
            primary.configMaps()
                    .inNamespace(namespace)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("cm-" + i)
                            .endMetadata()
                            .withData(Map.of("i", String.valueOf(i)))
                            .build())
                    .create();
        }
    }

    private static void backUp(String name, String namespace) {
        asUser("operator")
                .contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"cluster\":\"primary\",\"includedNamespaces\":[\"" + namespace
                        + "\"]}")
                .post("/backups")
                .then()
                .statusCode(202);
    }

    @Test
    void aSlowBackupShowsItsProgressAndLogWhileRunningAndStopsWhenCancelled() {
        String namespace = Flow.unique("many");
        configMaps(namespace, 40);
        String name = Flow.unique("cancel-me");
        SandboxClusters.cluster("primary").faults().slow(Duration.ofSeconds(1));
        try {
            backUp(name, namespace);
            JsonPath running = await().atMost(TIMEOUT)
                    .until(
                            () -> asUser("viewer").get("/backups/" + name).jsonPath(),
                            json -> "InProgress".equals(json.getString("phase"))
                                    && json.get("progress.itemsDone") != null
                                    && json.getInt("progress.itemsDone") >= 40);
            assertThat(running.getLong("progress.itemsTotal")).isGreaterThanOrEqualTo(40);
            assertThat(running.getString("progress.stage")).startsWith("listing ");
            assertThat(running.getString("progress.updatedAt")).isNotNull();
            assertThat(running.getList("phaseHistory.phase")).containsExactly("New", "InProgress");
            assertThat(running.getString("request.name")).isEqualTo(name);
            String log = asUser("viewer").get("/backups/" + name + "/logs").asString();
            assertThat(log)
                    .contains("is InProgress: its log so far")
                    .contains("backup " + name + " of cluster primary");

            Response cancel = asUser("operator").post("/backups/" + name + "/cancel");

            assertThat(cancel.statusCode()).isEqualTo(202);
            assertThat(cancel.jsonPath().getString("cancelRequestedBy")).isEqualTo("/users/operator");
            asUser("viewer").post("/backups/" + name + "/cancel").then().statusCode(403);
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> asUser("viewer")
                            .get("/backups/" + name)
                            .then()
                            .body("phase", equalTo("Cancelled"))
                            .body("failureReason", org.hamcrest.Matchers.startsWith("cancelled by /users/operator")));
            ConsumerRecord<String, String> failed = events.await(
                            EventType.BACKUP_FAILED.topic(),
                            r -> name.equals(BusClient.header(r, "ce_subject")),
                            1,
                            TIMEOUT)
                    .get(0);
            assertThat(JsonPath.from(failed.value()).getString("cancelledBy")).isEqualTo("/users/operator");
        } finally {
            SandboxClusters.cluster("primary").faults().clear();
        }
        // cancelled once: again is 200 (nothing changes); a Completed backup has nothing to cancel
        asUser("operator").post("/backups/" + name + "/cancel").then().statusCode(200);
        String done = Flow.unique("done");
        backUp(done, namespace);
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> asUser("viewer").get("/backups/" + done).then().body("phase", equalTo("Completed")));
        asUser("operator")
                .post("/backups/" + done + "/cancel")
                .then()
                .statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("has ended (Completed)"));
        asUser("operator").post("/backups/no-such-backup/cancel").then().statusCode(404);
    }

    @Test
    void aRestoreBehindASlowAdmissionWebhookShowsItsProgressAndStopsBeforeItsNextObjectWhenCancelled() {
        String namespace = Flow.unique("restore-many");
        configMaps(namespace, 120);
        String backup = Flow.unique("to-restore");
        backUp(backup, namespace);
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> asUser("viewer").get("/backups/" + backup).then().body("phase", equalTo("Completed")));
        String restore = Flow.unique("restore-cancel");
        SandboxClusters.cluster("standby").faults().slowAdmission(Duration.ofMillis(500));
        try {
            asUser("operator")
                    .contentType("application/json")
                    .body("{\"name\":\"" + restore + "\",\"cluster\":\"standby\",\"backupName\":\"" + backup + "\"}")
                    .post("/restores")
                    .then()
                    .statusCode(202);
            JsonPath running = await().atMost(TIMEOUT)
                    .until(
                            () -> asUser("viewer").get("/restores/" + restore).jsonPath(),
                            json -> "InProgress".equals(json.getString("phase"))
                                    && json.get("progress.itemsDone") != null
                                    && json.getInt("progress.itemsDone") >= 8);
            // 120 config maps, the namespace, and whatever else the backup holds: known from the manifest up front
            assertThat(running.getLong("progress.itemsTotal")).isGreaterThanOrEqualTo(121);
            assertThat(running.getString("progress.stage")).startsWith("restoring ");

            asUser("operator").post("/restores/" + restore + "/cancel").then().statusCode(202);

            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> asUser("viewer")
                            .get("/restores/" + restore)
                            .then()
                            .body("phase", equalTo("Cancelled"))
                            .body("cancelRequestedBy", equalTo("/users/operator")));
            ConsumerRecord<String, String> answer = events.await(
                            EventType.RESTORE_COMPLETED.topic(),
                            r -> restore.equals(BusClient.header(r, "ce_subject")),
                            1,
                            TIMEOUT)
                    .get(0);
            JsonPath event = JsonPath.from(answer.value());
            assertThat(event.getString("cancelledBy")).isEqualTo("/users/operator");
            assertThat(event.getString("phase")).isEqualTo("Failed");
            assertThat(event.getString("failureReason")).startsWith("cancelled by /users/operator");
        } finally {
            SandboxClusters.cluster("standby").faults().clear();
        }
        // stopped mid-way: the objects it had not reached were never created
        int created =
                standby.configMaps().inNamespace(namespace).list().getItems().size();
        assertThat(created).isLessThan(120);
        assertThat(asUser("viewer").get("/restores/" + restore + "/logs").asString())
                .contains("restore " + restore + " Cancelled: cancelled by /users/operator");
    }
}
