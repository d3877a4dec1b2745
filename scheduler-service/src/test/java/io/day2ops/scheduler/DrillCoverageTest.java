package io.day2ops.scheduler;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.day2ops.events.DrillCompleted;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.fixtures.SnapshotTakenBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.day2ops.testing.ScrapedMetrics;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Proof of recovery for every schedule: a backup schedule declaring a drill whose backups were never drilled is
 * reported unproven (the gauge the alert watches is 0) and gets its newest backup drilled by the scheduler, once; a
 * passed drill proves it (gauge 1, {@code GET /coverage}).
 */
@Day2FlowTest
class DrillCoverageTest {

    private static final String BACKUP_SERVICE = "/day2ops/backup-service";
    private static final String DR_SERVICE = "/day2ops/dr-service";

    private final EventCodec codec = new EventCodec();

    @InjectBus
    BusClient bus;

    @Test
    void aScheduleWhoseBackupsWereNeverDrilledIsUnprovenGetsDrilledOnceAndIsProvenByAPassedDrill() throws Exception {
        String cluster = unique("cover");
        String schedule = cluster + "-nightly";
        asUser("operator")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "schedule": "0 1 * * *", "paused": false,
                         "template": {"cluster": "%s", "includedNamespaces": ["default"]},
                         "drill": {"period": "168h", "targetCluster": "standby",
                                   "namespaceMapping": {"default": "drill-default"}, "cleanup": true}}
                        """.formatted(schedule, cluster))
                .post("/schedules")
                .then()
                .statusCode(201)
                .body("drill.period", equalTo("168h"));
        String backup = schedule + "-20261203010000";
        bus.as(BACKUP_SERVICE)
                .publish(SnapshotTakenBuilder.completed(backup, cluster, Instant.now())
                        .completedAt(Instant.now())
                        .schedule(schedule)
                        .build());

        List<ConsumerRecord<String, String>> drills = bus.await(
                EventType.DRILL_REQUESTED.topic(),
                r -> cluster.equals(r.key())
                        && BusClient.header(r, "ce_subject").startsWith(schedule + "-drill-"),
                1,
                TIMEOUT);
        assertThat(drills).as("the scheduler drills the never-drilled schedule").hasSize(1);
        DrillRequested drill =
                codec.parse(EventType.DRILL_REQUESTED, drills.get(0).value());
        assertThat(drill.backupName()).isEqualTo(backup);
        assertThat(drill.targetCluster()).isEqualTo("standby");
        assertThat(drill.namespaceMapping()).isEqualTo(Map.of("default", "drill-default"));
        assertThat(drill.schedule()).isEqualTo(schedule);
        String labels = "{cluster=\"" + cluster + "\",schedule=\"" + schedule + "\"}";
        assertThat(ScrapedMetrics.scrape().value("day2_backup_proven_restorable" + labels))
                .as("what Day2BackupNotProvenRestorable watches")
                .isEqualTo(0.0);
        asUser("viewer")
                .get("/coverage?cluster=" + cluster)
                .then()
                .statusCode(200)
                .body("[0].schedule", equalTo(schedule))
                .body("[0].proven", equalTo(false))
                .body("[0].requestedDrill", equalTo(drill.name()));
        // several check intervals later, still one drill: it is asked for once per period
        Thread.sleep(Duration.ofSeconds(3).toMillis());
        assertThat(bus.await(EventType.DRILL_REQUESTED.topic(), r -> cluster.equals(r.key()), 2, Duration.ofSeconds(2)))
                .hasSize(1);

        // a failed drill is recorded, and proves nothing
        bus.as(DR_SERVICE)
                .publish(new DrillCompleted(
                        drill.name() + "-retry",
                        cluster,
                        "standby",
                        backup,
                        false,
                        "Deployment/drill-default/critical-app: does not exist",
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        List.of(),
                        Instant.now().minusSeconds(5),
                        Instant.now(),
                        null));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("viewer")
                        .get("/coverage?cluster=" + cluster)
                        .then()
                        .body("[0].lastDrillPassed", equalTo(false))
                        .body("[0].proven", equalTo(false)));

        Instant done = Instant.now();
        bus.as(DR_SERVICE)
                .publish(new DrillCompleted(
                        drill.name(),
                        cluster,
                        "standby",
                        backup,
                        true,
                        null,
                        null,
                        30_000L,
                        null,
                        60_000L,
                        List.of(),
                        List.of(),
                        done.minusSeconds(30),
                        done,
                        null));
        await().atMost(TIMEOUT)
                .until(() -> ScrapedMetrics.scrape().value("day2_backup_proven_restorable" + labels) == 1.0);
        asUser("viewer")
                .get("/coverage?cluster=" + cluster)
                .then()
                .body("[0].proven", equalTo(true))
                .body("[0].lastProvenBackup", equalTo(backup))
                .body("[0].lastDrillPassed", equalTo(true));

        // a deleted schedule leaves no gauge behind (else a last 0 would keep the alert firing)
        asUser("operator").delete("/schedules/" + schedule).then().statusCode(204);
        await().atMost(TIMEOUT)
                .until(() -> !ScrapedMetrics.scrape().text().contains("day2_backup_proven_restorable" + labels));
    }

    @Test
    void aDrillOnAnythingButABackupScheduleOrWithoutAPeriodIsA400NamingIt() {
        asUser("operator")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "kind": "drill", "schedule": "@weekly",
                         "template": {"cluster": "primary", "targetCluster": "standby"},
                         "drill": {"period": "168h"}}
                        """.formatted(unique("cover-bad")))
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("drill"));
        asUser("operator")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "schedule": "@daily", "template": {"cluster": "primary"},
                         "drill": {"targetCluster": "standby", "timeout": "soon"}}
                        """.formatted(unique("cover-bad")))
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("drill.period"))
                .body("errors.find { it.field == 'drill.period' }.message", containsString("required"));
    }
}
