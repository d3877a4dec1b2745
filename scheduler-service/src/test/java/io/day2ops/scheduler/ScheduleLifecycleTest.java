package io.day2ops.scheduler;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import io.day2ops.scheduler.domain.ScheduleKind;
import io.day2ops.scheduler.domain.ValidSchedule;
import io.day2ops.scheduler.service.ScheduleSeeder;
import io.day2ops.testing.Day2FlowTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules over their life: every kind, replace, pause and unpause, filters, and the module's seed file. */
@Day2FlowTest
class ScheduleLifecycleTest {

    @Inject
    ScheduleSeeder seeder;

    @Test
    void replacingAScheduleRecomputesItsFireTimesAndKeepsItsName() {
        String name = unique("replace");
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "schedule": "0 1 * * *", "template": {"cluster": "lifecycle-test"}}
                        """.formatted(name))
                .post("/schedules")
                .then()
                .statusCode(201);

        List<String> times = asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"schedule": "30 2 * * *", "timeZone": "Europe/Berlin", "rpoObjective": "26h",
                         "template": {"cluster": "lifecycle-test", "includedNamespaces": ["default"]}}
                        """)
                .put("/schedules/" + name)
                .then()
                .statusCode(200)
                .body("schedule", equalTo("30 2 * * *"))
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("rpoObjective", equalTo("26h"))
                .body("cluster", equalTo("lifecycle-test"))
                .extract()
                .jsonPath()
                .getList("nextFireTimes", String.class);
        assertThat(times)
                .allSatisfy(time -> assertThat(Instant.parse(time)
                                .atZone(java.time.ZoneId.of("Europe/Berlin"))
                                .getHour())
                        .isEqualTo(2));

        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "other", "schedule": "@daily", "template": {"cluster": "lifecycle-test"}}
                        """)
                .put("/schedules/" + name)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"schedule": "@daily", "template": {"cluster": "lifecycle-test"}}
                        """)
                .put("/schedules/nope-" + name)
                .then()
                .statusCode(404);
        asUser("admin").delete("/schedules/" + name).then().statusCode(204);
    }

    @Test
    void aPausedScheduleDoesNotFireAndResumesAtItsNextSlotFromNow() {
        String name = unique("pause");
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "schedule": "@every 1h", "template": {"cluster": "lifecycle-test"}}
                        """.formatted(name))
                .post("/schedules")
                .then()
                .statusCode(201);
        asUser("admin")
                .post("/schedules/" + name + "/pause")
                .then()
                .statusCode(200)
                .body("paused", equalTo(true));
        asUser("admin")
                .get("/schedules?cluster=lifecycle-test")
                .then()
                .body("find { it.name == '" + name + "' }.paused", equalTo(true));

        Instant before = Instant.now();
        String next = asUser("admin")
                .post("/schedules/" + name + "/unpause")
                .then()
                .statusCode(200)
                .body("paused", equalTo(false))
                .extract()
                .path("nextFireTimes[0]");
        assertThat(Instant.parse(next)).isAfter(before).isBefore(before.plus(Duration.ofMinutes(61)));
        asUser("admin").post("/schedules/nope-" + name + "/pause").then().statusCode(404);
        asUser("admin").delete("/schedules/" + name).then().statusCode(204);
    }

    @Test
    void listsFilterByKindAndClusterAndBadFiltersAndKindsAreNamed() {
        String drill = unique("drill");
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "kind": "drill", "schedule": "@weekly",
                         "template": {"cluster": "lifecycle-test", "targetCluster": "standby"}}
                        """.formatted(drill))
                .post("/schedules")
                .then()
                .statusCode(201)
                .body("kind", equalTo("drill"));
        asUser("admin")
                .get("/schedules?kind=drill&cluster=lifecycle-test")
                .then()
                .statusCode(200)
                .body("name", hasItem(drill))
                .body("kind", everyItem(equalTo("drill")));
        asUser("admin").get("/schedules?kind=cronjob").then().statusCode(400).body("errors[0].field", equalTo("kind"));
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "gate", "kind": "upgrade-check", "schedule": "@daily",
                         "template": {"cluster": "lifecycle-test", "gateOnly": false}}
                        """)
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("template.gateOnly"))
                .body("errors.field", hasItem("template.targetVersion"));
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "x", "kind": "cronjob", "schedule": "@daily", "template": {}}
                        """)
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("kind"))
                .body("errors[0].message", containsString("backup, drill, upgrade-check"));
        asUser("admin").delete("/schedules/" + drill).then().statusCode(204);
    }

    @Test
    void theModulesSeedFileHoldsItsDailyBackupAndPreUpgradeCheckAndSeedingIsIdempotent() {
        List<ValidSchedule> seed = seeder.read(Path.of("seed/module-lab.json"));
        ValidSchedule backup = seed.get(0);
        assertThat(backup.name()).isEqualTo("daily-backup");
        assertThat(backup.cron().text()).isEqualTo("0 1 * * *");
        assertThat(backup.template().get("includedNamespaces").toString()).isEqualTo("[\"default\",\"kube-system\"]");
        assertThat(backup.template().get("ttl").asText()).isEqualTo("720h");
        ValidSchedule check = seed.get(1);
        assertThat(check.name()).isEqualTo("pre-upgrade-check");
        assertThat(check.kind()).isEqualTo(ScheduleKind.UPGRADE_CHECK);
        assertThat(check.template().get("gateOnly").asBoolean()).isTrue();
        assertThat(check.cron().next(Instant.parse("2026-12-01T10:00:00Z"), Instant.EPOCH))
                .isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(check.cron().zone().getId()).isEqualTo("UTC");
    }

    @Test
    void seedingCreatesWhatIsMissingLeavesWhatExistsAndRefusesABadFileNamingEachEntry(@TempDir Path dir)
            throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Path file = dir.resolve("seed.json");
        Files.writeString(file, """
                [{"name": "seeded-a-%1$s", "schedule": "0 1 * * *", "paused": true,
                  "template": {"cluster": "lifecycle-test"}},
                 {"name": "seeded-b-%1$s", "kind": "upgrade-check", "schedule": "@daily", "paused": true,
                  "template": {"cluster": "lifecycle-test", "targetVersion": "1.33"}}]
                """.formatted(suffix));

        assertThat(seeder.seed(file).await().atMost(Duration.ofSeconds(30)))
                .containsExactlyInAnyOrder("seeded-a-" + suffix, "seeded-b-" + suffix);
        assertThat(seeder.seed(file).await().atMost(Duration.ofSeconds(30))).isEmpty();
        asUser("admin")
                .get("/schedules/seeded-b-" + suffix)
                .then()
                .statusCode(200)
                .body("kind", equalTo("upgrade-check"));

        Files.writeString(file, """
                [{"name": "ok", "schedule": "@daily", "template": {"cluster": "lifecycle-test"}},
                 {"name": "Bad_Name", "schedule": "0 25 * * *", "template": {"cluster": "lifecycle-test"}}]
                """);
        assertThatThrownBy(() -> seeder.read(file))
                .hasMessageContaining("[1] name:")
                .hasMessageContaining("schedule: hour: 25 is out of range 0-23")
                .hasMessageNotContaining("[0]");
        asUser("admin").delete("/schedules/seeded-a-" + suffix).then().statusCode(204);
        asUser("admin").delete("/schedules/seeded-b-" + suffix).then().statusCode(204);
    }
}
