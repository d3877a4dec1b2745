package io.day2ops.scheduler;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.EventType;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.SnapshotTakenBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SnapshotTaken and BackupFailed in, the outcome per cluster and schedule kept, over a real broker and database. */
@Day2FlowTest
class BackupOutcomeFlowTest {

    /** Outcomes are believed only from backup-service: this test plays its part. */
    private static final String BACKUP_SERVICE = "/day2ops/backup-service";

    private static final Instant T0 = Instant.parse("2026-11-24T01:00:00Z");

    @InjectBus
    BusClient events;

    @Test
    void failuresAfterASuccessKeepTheLastSuccessAndCountUp() {
        String cluster = unique("c");
        events.as(BACKUP_SERVICE).publish(snapshot(cluster, "daily-backup-20261124010000", T0));
        events.as(BACKUP_SERVICE).publish(failed(cluster, "daily-backup-20261125010000", T0.plus(Duration.ofDays(1))));
        events.as(BACKUP_SERVICE).publish(failed(cluster, "daily-backup-20261126010000", T0.plus(Duration.ofDays(2))));

        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("admin")
                        .get("/backup-outcomes/" + cluster)
                        .then()
                        .statusCode(200)
                        .body("[0].schedule", equalTo("daily-backup"))
                        .body("[0].lastPhase", equalTo("Failed"))
                        .body("[0].consecutiveFailures", equalTo(2))
                        .body("[0].lastSuccessName", equalTo("daily-backup-20261124010000"))
                        .body("[0].lastSuccessDataAt", equalTo("2026-11-24T01:00:00Z")));
    }

    @Test
    void anOlderOutcomeArrivingLateDoesNotOverwriteANewerOne() {
        String cluster = unique("c");
        events.as(BACKUP_SERVICE)
                .publish(snapshot(cluster, "daily-backup-20261126010000", T0.plus(Duration.ofDays(2))));
        events.as(BACKUP_SERVICE).publish(failed(cluster, "daily-backup-20261125010000", T0.plus(Duration.ofDays(1))));
        String marker = unique("c");
        events.as(BACKUP_SERVICE).publish(failed(marker, "marker", T0));

        await().atMost(TIMEOUT)
                .untilAsserted(() ->
                        asUser("admin").get("/backup-outcomes/" + marker).then().body("size()", equalTo(1)));
        // BackupFailed for the marker was published last; the late failure of the older backup has been seen.
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("admin")
                        .get("/backup-outcomes/" + cluster)
                        .then()
                        .body("[0].lastPhase", equalTo("Completed"))
                        .body("[0].consecutiveFailures", equalTo(0)));
    }

    @Test
    void anIncompleteSnapshotTakenIsDeadLetteredNamingTheMissingFields() {
        String ceId = UUID.randomUUID().toString();
        events.publishRaw(
                EventType.SNAPSHOT_TAKEN.topic(),
                "primary",
                BusClient.ceHeaders(EventType.SNAPSHOT_TAKEN, ceId, BACKUP_SERVICE),
                "{\"name\": \"b1\", \"cluster\": \"primary\", \"phase\": \"Completed\"}");

        var dead = events.await(
                EventType.SNAPSHOT_TAKEN.deadLetterTopic(), r -> ceId.equals(BusClient.header(r, "ce_id")), 1, TIMEOUT);

        assertThat(dead).hasSize(1);
        assertThat(BusClient.header(dead.get(0), "dead-letter-reason"))
                .contains("manifestSha256: is required")
                .contains("uri: is required");
        asUser("admin").get("/backup-outcomes/Not_A_Cluster").then().statusCode(400);
    }

    @Test
    void anEventThatCannotBeStoredIsDeadLetteredAndTheEventsAroundItAreStillProcessed() {
        String cluster = unique("c");
        // Valid by the contract, but its schedule name does not fit the column: the same database error every time.
        String ceId = UUID.randomUUID().toString();
        events.as(BACKUP_SERVICE)
                .publish(new BackupFailed("b-before", cluster, "disk full", T0, T0.plusSeconds(1), "hourly"));
        events.as(BACKUP_SERVICE)
                .publish(
                        new BackupFailed("b-poison", cluster, "disk full", T0, T0.plusSeconds(2), "s".repeat(300)),
                        ceId);
        events.as(BACKUP_SERVICE)
                .publish(new BackupFailed("b-after", cluster, "disk full", T0, T0.plusSeconds(3), "hourly"));

        var dead = events.await(
                EventType.BACKUP_FAILED.deadLetterTopic(), r -> ceId.equals(BusClient.header(r, "ce_id")), 1, TIMEOUT);

        assertThat(dead).hasSize(1);
        assertThat(BusClient.header(dead.get(0), "dead-letter-reason"))
                .startsWith("processing failed: ")
                .contains("value too long");
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("admin")
                        .get("/backup-outcomes/" + cluster)
                        .then()
                        .body("[0].lastBackupName", equalTo("b-after"))
                        .body("[0].consecutiveFailures", equalTo(2)));
    }

    private static SnapshotTaken snapshot(String cluster, String name, Instant at) {
        return SnapshotTakenBuilder.completed(name, cluster, at)
                .completedAt(at.plusSeconds(5))
                .schedule("daily-backup")
                .build();
    }

    private static BackupFailed failed(String cluster, String name, Instant at) {
        return new BackupFailed(
                name, cluster, "storage location default is unreachable", at, at.plusSeconds(1), "daily-backup");
    }
}
