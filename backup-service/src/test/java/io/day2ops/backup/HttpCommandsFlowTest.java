package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.day2ops.events.EventType;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.Flow;
import io.day2ops.testing.InjectBus;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The HTTP commands of backup-service, over the real broker, database, issuer and sandboxes: a person's POST becomes
 * the request event on the bus (ce_source naming them), carried out like any other request.
 */
@Day2FlowTest
class HttpCommandsFlowTest {

    @InjectBus
    BusClient events;

    @Test
    void aBackupPostedByAnOperatorIsPublishedAsTheirRequestCarriedOutAndFollowedAtItsLocation() {
        String name = Flow.unique("http");
        Response accepted = asUser("operator")
                .contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"cluster\":\"primary\",\"includedNamespaces\":[\"default\"]}")
                .post("/backups");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.header("Location")).endsWith("/backups/" + name);
        assertThat(accepted.jsonPath().getString("requestedBy")).isEqualTo("/users/operator");
        ConsumerRecord<String, String> request = events.await(
                        EventType.BACKUP_REQUESTED.topic(),
                        r -> name.equals(BusClient.header(r, "ce_subject")),
                        1,
                        TIMEOUT)
                .get(0);
        assertThat(BusClient.header(request, "ce_source")).isEqualTo("/users/operator");
        assertThat(BusClient.header(request, "ce_id"))
                .isEqualTo(accepted.jsonPath().getString("eventId"));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("viewer")
                        .get("/backups/" + name)
                        .then()
                        .statusCode(200)
                        .body("phase", equalTo("Completed"))
                        .body("requestedBy", equalTo("/users/operator")));
    }

    @Test
    void theSameNameTwiceIsAConflictEvenBeforeTheFirstIsRecorded() {
        String name = Flow.unique("twice");
        String body = "{\"name\":\"" + name + "\",\"cluster\":\"primary\",\"includedNamespaces\":[\"default\"]}";
        int first = asUser("operator")
                .contentType("application/json")
                .body(body)
                .post("/backups")
                .statusCode();
        // straight after: the record is not made yet, the name is taken all the same
        Response second =
                asUser("operator").contentType("application/json").body(body).post("/backups");

        assertThat(first).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.jsonPath().getString("detail")).contains("backup '" + name + "' exists already");
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("viewer")
                        .get("/backups/" + name)
                        .then()
                        .statusCode(200)
                        .body("phase", equalTo("Completed")));
        // and once it is recorded
        asUser("operator")
                .contentType("application/json")
                .body(body)
                .post("/backups")
                .then()
                .statusCode(409);
    }

    @Test
    void anAdminDownloadsTheWholeBackupAsOneTarWhosePartsMatchItsManifest() throws Exception {
        String name = Flow.unique("download");
        asUser("operator")
                .contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"cluster\":\"primary\",\"includedNamespaces\":[\"default\"],"
                        + "\"etcdSnapshot\":true}")
                .post("/backups")
                .then()
                .statusCode(202);
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> asUser("viewer").get("/backups/" + name).then().body("phase", equalTo("Completed")));
        String manifestSha = asUser("viewer").get("/backups/" + name).jsonPath().getString("manifestSha256");
        // describe --details: what storage holds, read and checked
        asUser("viewer")
                .queryParam("details", true)
                .get("/backups/" + name)
                .then()
                .statusCode(200)
                .body("details.etcd.sha256", org.hamcrest.Matchers.notNullValue())
                .body("details.etcd.revision", org.hamcrest.Matchers.greaterThan(0))
                .body("details.errorMessages.size()", equalTo(0))
                .body("phaseHistory.phase", org.hamcrest.Matchers.contains("New", "InProgress", "Completed"))
                .body("request.etcdSnapshot", equalTo(true));

        asUser("operator").get("/backups/" + name + "/download").then().statusCode(403);
        Response download = asUser("admin").get("/backups/" + name + "/download");

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.header("X-Day2-Manifest-Sha256")).isEqualTo(manifestSha);
        assertThat(download.header("Content-Disposition")).contains(name + "-data.tar");
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.ByteArrayInputStream(download.asByteArray()))) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                files.put(entry.getName(), tar.readAllBytes());
            }
        }
        assertThat(files.keySet().iterator().next()).isEqualTo(name + "/manifest.json");
        assertThat(sha256(files.get(name + "/manifest.json"))).isEqualTo(manifestSha);
        var manifest = io.restassured.path.json.JsonPath.from(
                new String(files.get(name + "/manifest.json"), java.nio.charset.StandardCharsets.UTF_8));
        java.util.List<java.util.Map<String, Object>> parts = manifest.getList("parts");
        assertThat(parts).isNotEmpty();
        for (var part : parts) {
            byte[] bytes = files.get(name + "/" + part.get("path"));
            assertThat(bytes).as("part %s is in the tar", part.get("path")).isNotNull();
            assertThat(sha256(bytes)).isEqualTo(part.get("sha256"));
        }
        assertThat(files).containsKey(name + "/etcd/snapshot.db");
        asUser("admin").get("/backups/no-such-backup/download").then().statusCode(404);
    }

    private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aBodyTheSchemaRefusesIsA400NamingTheFieldAndNothingIsPublished() {
        asUser("operator")
                .contentType("application/json")
                .body("{\"name\":\"Bad_Name\",\"cluster\":\"primary\",\"ttl\":\"forever\"}")
                .post("/backups")
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("ttl"));
        asUser("operator")
                .contentType("application/json")
                .body("{\"name\": ")
                .post("/backups")
                .then()
                .statusCode(400)
                .body("detail", containsString("not valid JSON"));
        asUser("viewer")
                .contentType("application/json")
                .body("{\"name\":\"viewer-may-not\",\"cluster\":\"primary\"}")
                .post("/backups")
                .then()
                .statusCode(403);
    }

    @Test
    void aRestoreFromAScheduleTakesItsNewestCompletedBackup() {
        String schedule = Flow.unique("sched");
        String older = schedule + "-1";
        String newer = schedule + "-2";
        for (String name : new String[] {older, newer}) {
            asUser("operator")
                    .contentType("application/json")
                    .body("{\"name\":\"" + name + "\",\"cluster\":\"primary\",\"schedule\":\"" + schedule
                            + "\",\"includedNamespaces\":[\"default\"]}")
                    .post("/backups")
                    .then()
                    .statusCode(202);
            await().atMost(TIMEOUT)
                    .untilAsserted(() ->
                            asUser("viewer").get("/backups/" + name).then().body("phase", equalTo("Completed")));
        }
        String restore = Flow.unique("from-schedule");
        String target = Flow.unique("ns");
        Response accepted = asUser("operator")
                .contentType("application/json")
                .queryParam("fromSchedule", schedule)
                .body("{\"name\":\"" + restore + "\",\"cluster\":\"standby\",\"includedNamespaces\":[\"default\"],"
                        + "\"namespaceMapping\":{\"default\":\"" + target + "\"}}")
                .post("/restores");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.header("Location")).endsWith("/restores/" + restore);
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("viewer")
                        .get("/restores/" + restore)
                        .then()
                        .statusCode(200)
                        .body("backupName", equalTo(newer))
                        .body("phase", equalTo("Completed"))
                        .body("requestedBy", equalTo("/users/operator")));
        asUser("operator")
                .contentType("application/json")
                .queryParam("fromSchedule", "no-such-schedule")
                .body("{\"name\":\"" + Flow.unique("none") + "\",\"cluster\":\"standby\"}")
                .post("/restores")
                .then()
                .statusCode(409)
                .body("detail", containsString("schedule 'no-such-schedule' has no Completed backup"));
    }
}
