package io.day2ops.scheduler;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.day2ops.testing.Day2FlowTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedules REST API: the module's daily-backup in one call, and bad input named field by field. */
@Day2FlowTest
class ScheduleResourceTest {

    @io.day2ops.testing.InjectBus
    io.day2ops.testing.BusClient events;

    @Test
    void theModulesDailyBackupIsOneCallAndAnswersWithItsNextThreeFireTimes() {
        String name = unique("daily-backup");
        String body = """
                {"name": "%s", "schedule": "0 1 * * *",
                 "template": {"cluster": "primary", "includedNamespaces": ["default", "kube-system"], "ttl": "720h"}}
                """.formatted(name);

        List<String> times = asUser("admin")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/schedules")
                .then()
                .statusCode(201)
                .body("timeZone", equalTo("UTC"))
                .body("nextFireTimes", hasSize(3))
                .extract()
                .jsonPath()
                .getList("nextFireTimes", String.class);
        ZonedDateTime first = Instant.parse(times.get(0)).atZone(ZoneOffset.UTC);
        assertThat(first.getHour()).isEqualTo(1);
        assertThat(first.getMinute()).isZero();
        assertThat(Instant.parse(times.get(1)))
                .isEqualTo(Instant.parse(times.get(0)).plusSeconds(86_400));

        asUser("admin")
                .get("/schedules/" + name)
                .then()
                .statusCode(200)
                .body("template.includedNamespaces", hasItem("kube-system"))
                .body("nextFireTimes[0]", equalTo(times.get(0)));
        asUser("admin")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/schedules")
                .then()
                .statusCode(409);
        asUser("admin").delete("/schedules/" + name).then().statusCode(204);
        asUser("admin").get("/schedules/" + name).then().statusCode(404);
    }

    @Test
    void theDocumentedVeleroScheduleIsRefusedForItsFileSystemBackupAndAcceptedWithoutIt() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode sample;
        try (var in = getClass().getResourceAsStream("/velero/schedule.json")) {
            sample = (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
        sample.put("name", unique("velero-schedule"));
        asUser("admin")
                .contentType(ContentType.JSON)
                .body(sample.toString())
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("template.defaultVolumesToFsBackup"))
                .body(
                        "errors.find { it.field == 'template.defaultVolumesToFsBackup' }.message",
                        containsString("use snapshotVolumes: true"));

        ((com.fasterxml.jackson.databind.node.ObjectNode) sample.get("template")).remove("defaultVolumesToFsBackup");
        asUser("admin")
                .contentType(ContentType.JSON)
                .body(sample.toString())
                .post("/schedules")
                .then()
                .statusCode(201) // its nulls are unset, as Velero documents them
                .body("name", equalTo(sample.get("name").asText()))
                .body(
                        "warnings",
                        org.hamcrest.Matchers.contains(
                                containsString("'skipImmediately' is not implemented"),
                                containsString("'volumeSnapshotLocations' is not implemented")))
                .body("warnings[0]", containsString("POST /schedules/<name>/fire fires one now"));
        asUser("viewer")
                .get("/schedules/" + sample.get("name").asText())
                .then()
                .statusCode(200)
                .body("warnings", org.hamcrest.Matchers.contains(containsString("'volumeSnapshotLocations'")));
        asUser("admin")
                .delete("/schedules/" + sample.get("name").asText())
                .then()
                .statusCode(204);
    }

    @Test
    void badInputGetsA400NamingEachField() {
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "Nightly_Backup", "schedule": "61 1 * * *", "timeZone": "UTC",
                         "template": {"cluster": "primary", "ttl": 30}}
                        """)
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("schedule"))
                .body("errors.find { it.field == 'schedule' }.message", equalTo("minute: 61 is out of range 0-59"))
                .body("errors.field", hasItem("template.ttl"));
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "weekly", "schedule": "@weekly", "timeZone": "Mars/Olympus",
                         "template": {"cluster": "primary"}}
                        """)
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("timeZone"))
                .body("errors[0].message", containsString("Mars/Olympus"));
    }

    @Test
    void triggerFiresAPausedScheduleNowAsTheCallersRequestAndAnUnknownOneIs404() {
        String name = unique("manual");
        asUser("operator")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "schedule": "0 1 * * *", "paused": true,
                         "template": {"cluster": "primary", "includedNamespaces": ["default"], "ttl": "24h"}}
                        """.formatted(name))
                .post("/schedules")
                .then()
                .statusCode(201);

        io.restassured.response.Response accepted = asUser("operator").post("/schedules/" + name + "/trigger");

        assertThat(accepted.statusCode()).isEqualTo(202);
        String backup = accepted.jsonPath().getString("name");
        assertThat(backup).startsWith(name + "-").endsWith("-manual");
        assertThat(accepted.jsonPath().getString("location")).isEqualTo("/backups/" + backup);
        assertThat(accepted.header("Location")).as("not this service's").isNull();
        {
            var request = events.await(
                            io.day2ops.events.EventType.BACKUP_REQUESTED.topic(),
                            r -> backup.equals(io.day2ops.testing.BusClient.header(r, "ce_subject")),
                            1,
                            io.day2ops.testing.Flow.TIMEOUT)
                    .get(0);
            assertThat(io.day2ops.testing.BusClient.header(request, "ce_source"))
                    .isEqualTo("/users/operator");
            assertThat(request.value())
                    .contains("\"schedule\":\"" + name + "\"")
                    .contains("\"ttl\":\"24h\"");
        }
        asUser("viewer").post("/schedules/" + name + "/trigger").then().statusCode(403);
        asUser("operator").post("/schedules/no-such-schedule/trigger").then().statusCode(404);
        asUser("admin").delete("/schedules/" + name).then().statusCode(204);
    }
}
