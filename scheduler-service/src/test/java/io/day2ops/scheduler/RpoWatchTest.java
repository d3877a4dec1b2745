package io.day2ops.scheduler;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupOverdue;
import io.day2ops.events.BackupOverdueCleared;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.SnapshotTakenBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.day2ops.testing.ScrapedMetrics;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The RPO watch over a real broker and database: a schedule whose backups stop succeeding is announced overdue once,
 * within one check interval of the breach ({@code %test} checks every second), and cleared once by the next success; a
 * cluster-wide objective counts any backup of the cluster. The gauges the PrometheusRule compares are served.
 */
@Day2FlowTest
class RpoWatchTest {

    /** Outcomes are believed only from backup-service: this test plays its part. */
    private static final String BACKUP_SERVICE = "/day2ops/backup-service";

    /**
     * How late a breach may be seen: the check interval (1 s in %test), plus the round's own time and the scheduling
     * jitter of a loaded 2-core CI machine. Far below the 30 s default interval, so a watch that only caught breaches
     * on some later pass would fail here.
     */
    private static final Duration DETECTION_BOUND = Duration.ofSeconds(3);

    private final EventCodec codec = new EventCodec();

    @InjectBus
    BusClient bus;

    @Test
    void aScheduleWhoseBackupsStopSucceedingIsOverdueWithinOneCheckIntervalOnceAndClearedByTheNextSuccess()
            throws Exception {
        String cluster = unique("rpo");
        String schedule = cluster + "-daily";
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "schedule": "0 1 * * *", "paused": true, "rpoObjective": "4s",
                         "template": {"cluster": "%s", "includedNamespaces": ["default"]}}
                        """.formatted(schedule, cluster))
                .post("/schedules")
                .then()
                .statusCode(201);
        Instant data = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        bus.as(BACKUP_SERVICE).publish(snapshot(cluster, schedule + "-1", schedule, data));
        bus.as(BACKUP_SERVICE)
                .publish(new BackupFailed(
                        schedule + "-2",
                        cluster,
                        "cluster '" + cluster + "' is unreachable",
                        data,
                        data.plusSeconds(1),
                        schedule));

        ConsumerRecord<String, String> record = awaitOne(EventType.BACKUP_OVERDUE.topic(), schedule);
        BackupOverdue overdue = codec.parse(EventType.BACKUP_OVERDUE, record.value());
        assertThat(record.key()).isEqualTo(cluster);
        assertThat(overdue.overdueSince()).isEqualTo(data.plusSeconds(4));
        assertThat(Duration.between(overdue.overdueSince(), overdue.detectedAt()))
                .as("seen within one check interval of the breach")
                .isPositive()
                .isLessThanOrEqualTo(DETECTION_BOUND);
        assertThat(overdue.lastSuccessfulBackup()).isEqualTo(schedule + "-1");
        assertThat(overdue.lastBackup()).isEqualTo(schedule + "-2");
        assertThat(overdue.lastPhase()).isEqualTo("Failed");
        assertThat(overdue.lastReason()).contains("unreachable");
        assertThat(overdue.consecutiveFailures()).isEqualTo(1);
        assertThat(overdue.rpoObjective()).isEqualTo("4s");

        asUser("admin")
                .get("/schedules/" + schedule)
                .then()
                .body("overdueSince", equalTo(overdue.overdueSince().toString()))
                .body("lastPhase", equalTo("Failed"));
        String metrics = asUser("admin")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics)
                .contains("day2_backup_rpo_objective_seconds{cluster=\"" + cluster + "\",schedule=\"" + schedule
                        + "\"} 4.0")
                .contains("day2_backup_age_seconds{cluster=\"" + cluster + "\",schedule=\"" + schedule + "\"}");
        // timestamps, not ages, so a scrape that stops is not mistaken for a fresh backup; the failure streak
        String labels = "{cluster=\"" + cluster + "\",schedule=\"" + schedule + "\"}";
        ScrapedMetrics scraped = ScrapedMetrics.scrape();
        assertThat(scraped.value("day2_backup_last_success_timestamp_seconds" + labels))
                .isEqualTo(data.toEpochMilli() / 1000.0, within(0.001));
        assertThat(scraped.value("day2_backup_last_attempt_timestamp_seconds" + labels))
                .isEqualTo(data.plusSeconds(1).toEpochMilli() / 1000.0, within(0.001));
        assertThat(scraped.value("day2_backup_consecutive_failures" + labels)).isEqualTo(1.0);

        // a forged success cannot end the breach: one not from backup-service, and one from it but dated 2099, are
        // dead-lettered with the reason, and the breach stays open
        String forged = schedule + "-forged";
        bus.publish(snapshot(cluster, forged, schedule, Instant.now()));
        String future = schedule + "-2099";
        bus.as(BACKUP_SERVICE)
                .publish(SnapshotTakenBuilder.completed(future, cluster, Instant.parse("2099-01-01T00:00:00Z"))
                        .startedAt(Instant.now())
                        .completedAt(Instant.now())
                        .schedule(schedule)
                        .build());
        List<ConsumerRecord<String, String>> refused = bus.await(
                EventType.SNAPSHOT_TAKEN.deadLetterTopic(),
                r -> forged.equals(BusClient.header(r, "ce_subject"))
                        || future.equals(BusClient.header(r, "ce_subject")),
                2,
                TIMEOUT);
        assertThat(refused)
                .extracting(r -> BusClient.header(r, "dead-letter-reason"))
                .hasSize(2)
                .anySatisfy(reason -> assertThat(reason).contains("untrusted producer", "'/day2ops/bus-client'"))
                .anySatisfy(reason -> assertThat(reason).contains("dated in the future", "dataTimestamp"));

        // the breach goes on; it was announced once and stays announced once
        bus.as(BACKUP_SERVICE)
                .publish(
                        new BackupFailed(schedule + "-3", cluster, "still unreachable", data, Instant.now(), schedule));
        assertThat(bus.await(EventType.BACKUP_OVERDUE.topic(), subject(schedule), 2, Duration.ofSeconds(4)))
                .hasSize(1);

        assertThat(bus.await(EventType.BACKUP_OVERDUE_CLEARED.topic(), subject(schedule), 1, Duration.ofSeconds(1)))
                .as("not cleared by the forged snapshots")
                .isEmpty();

        Instant recovered = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        bus.as(BACKUP_SERVICE).publish(snapshot(cluster, schedule + "-4", schedule, recovered));
        BackupOverdueCleared cleared = codec.parse(
                EventType.BACKUP_OVERDUE_CLEARED,
                awaitOne(EventType.BACKUP_OVERDUE_CLEARED.topic(), schedule).value());
        assertThat(cleared.backupName()).isEqualTo(schedule + "-4");
        assertThat(cleared.dataTimestamp()).isEqualTo(recovered);
        assertThat(cleared.overdueSince()).isEqualTo(overdue.overdueSince());
        assertThat(cleared.reason()).contains(schedule + "-4");

        // deleting the schedule stops the watch (and its gauges) without a word: it was not overdue any more
        asUser("admin").delete("/schedules/" + schedule).then().statusCode(204);
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(asUser("admin")
                                .get("/q/metrics")
                                .then()
                                .extract()
                                .asString())
                        .doesNotContain("schedule=\"" + schedule + "\""));
    }

    @Test
    void aClusterWideObjectiveCountsAnyBackupOfTheClusterAndIsBreachedAgainWhenBackupsStop() throws Exception {
        // %test.day2.scheduler.rpo.clusters.rpo-cluster-wide=3s: no backup of that cluster ever came before this test
        String cluster = "rpo-cluster-wide";
        // this service announces the breach once; a shared broker may also hold earlier runs' announcements, which
        // carry an earlier ce_time than this JVM's start
        Instant started = Instant.ofEpochMilli(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        List<ConsumerRecord<String, String>> breaches = bus.await(
                EventType.BACKUP_OVERDUE.topic(),
                r -> cluster.equals(BusClient.header(r, "ce_subject"))
                        && !Instant.parse(BusClient.header(r, "ce_time")).isBefore(started),
                1,
                TIMEOUT);
        assertThat(breaches)
                .as("one breach of %s announced by this run", cluster)
                .hasSize(1);

        Instant data = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String backup = unique("adhoc");
        bus.as(BACKUP_SERVICE).publish(snapshot(cluster, backup, null, data));

        List<ConsumerRecord<String, String>> cleared = bus.await(
                EventType.BACKUP_OVERDUE_CLEARED.topic(),
                r -> r.key().equals(cluster) && r.value().contains(backup),
                1,
                TIMEOUT);
        assertThat(cleared).hasSize(1);
        assertThat(codec.parse(EventType.BACKUP_OVERDUE_CLEARED, cleared.get(0).value())
                        .schedule())
                .as("a cluster-wide objective")
                .isNull();
        // three seconds later, with no further backup, the cluster is overdue again, measured from that backup
        List<ConsumerRecord<String, String>> again = bus.await(
                EventType.BACKUP_OVERDUE.topic(),
                r -> r.key().equals(cluster) && r.value().contains(backup),
                1,
                TIMEOUT);
        BackupOverdue overdue =
                codec.parse(EventType.BACKUP_OVERDUE, again.get(0).value());
        assertThat(overdue.lastSuccessfulBackup()).isEqualTo(backup);
        assertThat(overdue.overdueSince()).isEqualTo(data.plusSeconds(3));
        assertThat(Duration.between(overdue.overdueSince(), overdue.detectedAt()))
                .isLessThanOrEqualTo(DETECTION_BOUND);
    }

    @Test
    void anRpoObjectiveIsValidatedAndOnlyBackupSchedulesHaveOne() {
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "bad-rpo", "schedule": "@daily", "rpoObjective": "one day",
                         "template": {"cluster": "primary"}}
                        """)
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("rpoObjective"))
                .body("errors[0].message", containsString("one day"));
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "drill-rpo", "kind": "drill", "schedule": "@weekly", "rpoObjective": "26h",
                         "template": {"cluster": "primary", "targetCluster": "standby"}}
                        """)
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("rpoObjective"))
                .body("errors[0].message", containsString("only backup schedules"));
        asUser("admin").get("/schedules/bad-rpo").then().statusCode(404);
    }

    private ConsumerRecord<String, String> awaitOne(String topic, String subject) {
        List<ConsumerRecord<String, String>> records = bus.await(topic, subject(subject), 1, TIMEOUT);
        assertThat(records).as("%s on %s", subject, topic).hasSize(1);
        return records.get(0);
    }

    private static java.util.function.Predicate<ConsumerRecord<String, String>> subject(String subject) {
        return r -> subject.equals(BusClient.header(r, "ce_subject"));
    }

    private static SnapshotTaken snapshot(String cluster, String name, String schedule, Instant data) {
        // completed before the BackupFailed the tests publish next (at data + 1s): the newer outcome must win
        return SnapshotTakenBuilder.completed(name, cluster, data)
                .completedAt(data.plusMillis(200))
                .schedule(schedule)
                .build();
    }
}
