package io.day2ops.scheduler;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.day2ops.events.EventType;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.scheduler.service.ScheduleFirer;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Due schedules fire exactly once with several firers on one database, through the outbox onto Kafka. */
@Day2FlowTest
class ScheduleFiringTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Pool pool;

    @Inject
    ScheduleFirer firer;

    @Inject
    io.vertx.core.Vertx vertx;

    @Test
    void aThousandDueSchedulesFireExactlyOnceWithThreeFirersAndTheServicesOwnLoopRacing() {
        String run = unique("fire");
        OffsetDateTime due =
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).withSecond(0).withNano(0);
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(Tuple.of(
                    run + "-" + i,
                    // a cluster no backup-service configures: on a shared broker (CI), backup-service's tests
                    // later settle these 1,000 requests as BackupFailed in a few statements instead of backing up
                    "{\"cluster\":\"schedule-firing-test\",\"includedNamespaces\":[\"default\"],\"ttl\":\"720h\"}",
                    due));
        }
        // a daily slot twelve hours from now: no slot of its own between due and now (with '0 1 * * *', a run at
        // 01:00 UTC fired the 01:00 slot, correctly, and the test failed)
        pool.preparedQuery("INSERT INTO schedule (name, kind, cron, template, next_fire_at, created_at)"
                        + " VALUES ($1, 'backup', '0 " + (due.getHour() + 12) % 24 + " * * *', $2, $3, now())")
                .executeBatch(rows)
                .await()
                .atMost(TIMEOUT);

        // three firers, each round a transaction on a connection of its own as on separate replicas, race each
        // other (and the service's own firing loop) until nothing is due
        int fired = 0;
        for (int round = 0; round < 20; round++) {
            List<Integer> counts = Uni.join()
                    .all(List.of(firing(), firing(), firing()))
                    .andFailFast()
                    .await()
                    .atMost(TIMEOUT);
            int roundTotal = counts.stream().mapToInt(Integer::intValue).sum();
            fired += roundTotal;
            if (roundTotal == 0) {
                break;
            }
        }

        try (BusClient bus = new BusClient(bootstrapServers)) {
            List<ConsumerRecord<String, String>> requests = bus.await(
                    EventType.BACKUP_REQUESTED.topic(),
                    r -> String.valueOf(BusClient.header(r, "ce_subject")).startsWith(run + "-"),
                    1000,
                    TIMEOUT);
            // give a doubled request time to show up, then count
            List<ConsumerRecord<String, String>> all = bus.await(
                    EventType.BACKUP_REQUESTED.topic(),
                    r -> String.valueOf(BusClient.header(r, "ce_subject")).startsWith(run + "-"),
                    1001,
                    Duration.ofSeconds(3));
            Set<String> names = new HashSet<>();
            all.forEach(r -> names.add(BusClient.header(r, "ce_subject")));
            assertThat(requests).hasSize(1000);
            assertThat(all).as("no schedule fired twice").hasSize(1000);
            assertThat(names).hasSize(1000);
            String slot = due.format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            assertThat(names).allMatch(name -> name.endsWith("-" + slot));
        }
        assertThat(fired)
                .as("by the three firers; the service's loop fired the rest")
                .isLessThanOrEqualTo(1000);
        Row after = pool.preparedQuery(
                        "SELECT count(*) AS late FROM schedule WHERE name LIKE $1 AND next_fire_at <= $2")
                .execute(Tuple.of(run + "-%", OffsetDateTime.now(ZoneOffset.UTC)))
                .await()
                .atMost(TIMEOUT)
                .iterator()
                .next();
        assertThat(after.getLong("late"))
                .as("every schedule moved to its next slot")
                .isZero();
    }

    @Test
    void aScheduleWaitsWhileItsPreviousBackupHasNoOutcomeAndFiresOnceItHasOne() {
        String name = unique("waiting");
        String previous = name + "-20260101010000";
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime due = now.minusMinutes(5);
        pool.preparedQuery("INSERT INTO schedule (name, kind, cron, template, next_fire_at, created_at,"
                        + " last_fired_name, last_fired_at) VALUES ($1, 'backup', '* * * * *', $2, $3, $4, $5, $6)")
                .execute(Tuple.from(List.of(
                        name,
                        "{\"cluster\":\"schedule-firing-test\"}",
                        due,
                        now.minusDays(1),
                        previous,
                        now.minusHours(1))))
                .await()
                .atMost(TIMEOUT);

        firing().await().atMost(TIMEOUT);
        assertThat(lastFired(name))
                .as("held back: " + previous + " has no outcome")
                .isEqualTo(previous);

        pool.preparedQuery("INSERT INTO backup_outcome (cluster, schedule_name, last_backup_name, last_phase,"
                        + " last_outcome_at) VALUES ('schedule-firing-test', $1, $2, 'Completed', now())")
                .execute(Tuple.of(name, previous))
                .await()
                .atMost(TIMEOUT);
        firing().await().atMost(TIMEOUT);

        assertThat(lastFired(name)).isNotEqualTo(previous).startsWith(name + "-");
    }

    private String lastFired(String schedule) {
        return pool.preparedQuery("SELECT last_fired_name FROM schedule WHERE name = $1")
                .execute(Tuple.of(schedule))
                .await()
                .atMost(TIMEOUT)
                .iterator()
                .next()
                .getString("last_fired_name");
    }

    private Uni<Integer> firing() {
        return VertxContexts.onSafeContext(vertx, firer::fireOnce);
    }

    @Test
    void downtimeAcross24SlotsOfAnHourlyScheduleFiresOnceForTheLatestSlot() {
        String name = unique("hourly");
        OffsetDateTime hour = latestHalfAnHourAgo();
        insert(name, hour.getMinute() + " * * * *", true, hour.minusHours(24), hour.minusDays(3));

        firing().await().atMost(TIMEOUT);

        try (BusClient bus = new BusClient(bootstrapServers)) {
            List<ConsumerRecord<String, String>> fired = bus.await(
                    EventType.BACKUP_REQUESTED.topic(),
                    r -> String.valueOf(BusClient.header(r, "ce_subject")).startsWith(name + "-"),
                    2,
                    Duration.ofSeconds(5));
            assertThat(fired).as("one catch-up fire, not 25").hasSize(1);
            assertThat(BusClient.header(fired.get(0), "ce_subject"))
                    .isEqualTo(name + "-" + hour.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")));
        }
        assertThat(nextFireAt(name)).isEqualTo(hour.plusHours(1));
    }

    @Test
    void withoutCatchUpALateSlotIsSkippedAndTheScheduleMovesOn() {
        String name = unique("no-catch-up");
        OffsetDateTime hour = latestHalfAnHourAgo();
        insert(name, hour.getMinute() + " * * * *", false, hour.minusHours(3), hour.minusDays(3));

        firing().await().atMost(TIMEOUT);

        assertThat(nextFireAt(name)).isEqualTo(hour.plusHours(1));
        assertThat(lastFired(name)).as("nothing fired").isNull();
        try (BusClient bus = new BusClient(bootstrapServers)) {
            assertThat(bus.await(
                            EventType.BACKUP_REQUESTED.topic(),
                            r -> String.valueOf(BusClient.header(r, "ce_subject"))
                                    .startsWith(name + "-"),
                            1,
                            Duration.ofSeconds(3)))
                    .isEmpty();
        }
    }

    @Test
    void drillAndPreUpgradeCheckSchedulesFireTheirOwnRequests() {
        String drill = unique("weekly-drill");
        String check = unique("pre-upgrade-check");
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "kind": "drill", "schedule": "0 3 * * 0",
                         "template": {"cluster": "schedule-firing-test", "targetCluster": "standby",
                                      "backupName": "latest", "rtoObjective": "15m", "rpoObjective": "26h"}}
                        """.formatted(drill))
                .post("/schedules")
                .then()
                .statusCode(201);
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "kind": "upgrade-check", "schedule": "@daily",
                         "template": {"cluster": "schedule-firing-test", "targetVersion": "1.33"}}
                        """.formatted(check))
                .post("/schedules")
                .then()
                .statusCode(201)
                .body("template.gateOnly", equalTo(true));
        OffsetDateTime slot =
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(2).withSecond(0).withNano(0);
        pool.preparedQuery("UPDATE schedule SET next_fire_at = $2 WHERE name = ANY($1)")
                .execute(Tuple.of(new String[] {drill, check}, slot))
                .await()
                .atMost(TIMEOUT);

        firing().await().atMost(TIMEOUT);

        String stamp = slot.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        try (BusClient bus = new BusClient(bootstrapServers)) {
            ConsumerRecord<String, String> drillRequest = bus.await(
                            EventType.DRILL_REQUESTED.topic(),
                            r -> (drill + "-" + stamp).equals(BusClient.header(r, "ce_subject")),
                            1,
                            TIMEOUT)
                    .get(0);
            assertThat(drillRequest.value())
                    .contains("\"schedule\":\"" + drill + "\"")
                    .contains("\"targetCluster\":\"standby\"");
            ConsumerRecord<String, String> upgradeRequest = bus.await(
                            EventType.UPGRADE_REQUESTED.topic(),
                            r -> (check + "-" + stamp).equals(BusClient.header(r, "ce_subject")),
                            1,
                            TIMEOUT)
                    .get(0);
            assertThat(upgradeRequest.value()).contains("\"gateOnly\":true").contains("\"targetVersion\":\"1.33\"");
        }
        asUser("admin").delete("/schedules/" + drill).then().statusCode(204);
        asUser("admin").delete("/schedules/" + check).then().statusCode(204);
    }

    /**
     * The latest slot of an hourly schedule on the minute half an hour from now: 30 minutes ago, so neither the
     * missed-slot grace (1m) nor the turn of an hour while the test runs changes which slot is the latest (with
     * '0 * * * *', a run in the first minute of an hour saw that hour's slot within the grace and fired it).
     */
    private static OffsetDateTime latestHalfAnHourAgo() {
        return OffsetDateTime.now(ZoneOffset.UTC).withSecond(0).withNano(0).minusMinutes(30);
    }

    private void insert(String name, String cron, boolean catchUp, OffsetDateTime next, OffsetDateTime created) {
        pool.preparedQuery("INSERT INTO schedule (name, kind, cron, template, next_fire_at, created_at, catch_up,"
                        + " cluster) VALUES ($1, 'backup', $2, $3, $4, $5, $6, 'schedule-firing-test')")
                .execute(Tuple.from(
                        List.of(name, cron, "{\"cluster\":\"schedule-firing-test\"}", next, created, catchUp)))
                .await()
                .atMost(TIMEOUT);
    }

    private OffsetDateTime nextFireAt(String schedule) {
        return pool.preparedQuery("SELECT next_fire_at FROM schedule WHERE name = $1")
                .execute(Tuple.of(schedule))
                .await()
                .atMost(TIMEOUT)
                .iterator()
                .next()
                .getOffsetDateTime("next_fire_at")
                .withOffsetSameInstant(ZoneOffset.UTC);
    }
}
