package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.day2ops.events.BackupRequested;
import io.day2ops.events.EventType;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** BackupRequested in, over a real broker and database, published the way another system would. */
@Day2FlowTest
class BackupRequestFlowTest {

    @Inject
    Pool pool;

    @InjectBus
    BusClient events;

    @Test
    void requestForAnUnknownClusterEndsAsBackupFailedWithTheReason() {
        String name = uniqueName("unknown-cluster");
        events.publish(request(name, "nowhere"));

        List<ConsumerRecord<String, String>> failed = events.await(
                EventType.BACKUP_FAILED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);

        assertThat(failed).hasSize(1);
        ConsumerRecord<String, String> record = failed.get(0);
        assertThat(record.key()).isEqualTo("nowhere");
        assertThat(BusClient.header(record, "ce_type")).isEqualTo("io.day2ops.backup.failed.v1");
        assertThat(BusClient.header(record, "ce_source")).isEqualTo("/day2ops/backup-service");
        assertThat(BusClient.header(record, "content-type")).isEqualTo("application/json");
        assertThat(record.value()).contains("no connection configured for cluster 'nowhere'");
        asUser("admin")
                .get("/backups/" + name)
                .then()
                .statusCode(200)
                .body("phase", equalTo("Failed"))
                .body("failureReason", containsString("'nowhere'"));
    }

    @Test
    void aRequestSentLongerAgoThanItsMaxAgeIsAnsweredRejectedExpiredWithWhoSentIt() {
        String name = uniqueName("stale");
        events.as("/nightly-cron")
                .publishSentAt(request(name, "primary"), Instant.now().minus(Duration.ofHours(3)));

        List<ConsumerRecord<String, String>> failed = events.await(
                EventType.BACKUP_FAILED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);

        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).value()).contains("Rejected: expired: sent at ");
        asUser("admin")
                .get("/backups/" + name)
                .then()
                .statusCode(200)
                .body("phase", equalTo("Failed"))
                .body("requestedBy", equalTo("/nightly-cron"))
                .body("failureReason", containsString("commands older than PT1H are not carried out"));
    }

    @Test
    void aRequestRepeatedWithTheSameCeIdMakesOneJob() {
        String name = uniqueName("repeated");
        String ceId = UUID.randomUUID().toString();
        events.publish(request(name, "nowhere"), ceId);
        events.publish(request(name, "nowhere"), ceId);
        String marker = uniqueName("marker");
        events.publish(request(marker, "nowhere"));

        // The marker was published after both copies, on the same key: once it is answered, both copies were consumed.
        assertThat(events.await(
                        EventType.BACKUP_FAILED.topic(),
                        r -> marker.equals(BusClient.header(r, "ce_subject")),
                        1,
                        TIMEOUT))
                .hasSize(1);
        assertThat(count("SELECT count(*) FROM job WHERE name = $1", name)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM inbox_event WHERE event_id = $1", ceId))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM outbox_event WHERE topic = $1 AND payload LIKE $2",
                        EventType.BACKUP_FAILED.topic(),
                        "%\"" + name + "\"%"))
                .isEqualTo(1);
    }

    @Test
    void theSameCeIdWithAnotherPayloadGoesToTheDeadLetterTopicAndChangesNothing() {
        String name = uniqueName("original");
        String forged = uniqueName("forged");
        String ceId = UUID.randomUUID().toString();
        events.publish(request(name, "nowhere"), ceId);
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("admin")
                        .get("/backups/" + name)
                        .then()
                        .statusCode(200)
                        .body("phase", equalTo("Failed")));

        events.publish(request(forged, "nowhere"), ceId);

        List<ConsumerRecord<String, String>> dead = events.await(
                EventType.BACKUP_REQUESTED.deadLetterTopic(),
                r -> ceId.equals(BusClient.header(r, "ce_id")),
                1,
                TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(BusClient.header(dead.get(0), "dead-letter-reason"))
                .startsWith("ce_id '" + ceId + "' reused with a different payload");
        assertThat(dead.get(0).value()).contains(forged);
        asUser("admin").get("/backups/" + forged).then().statusCode(404);
        assertThat(count("SELECT count(*) FROM job WHERE name = $1", name)).isEqualTo(1);
    }

    @Test
    void aSecondRequestForAnExistingBackupNameIsAnsweredOnTheDeadLetterTopicAndChangesNothing() {
        String name = uniqueName("taken");
        events.publish(request(name, "nowhere"));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("admin")
                        .get("/backups/" + name)
                        .then()
                        .statusCode(200)
                        .body("phase", equalTo("Failed")));

        String second = UUID.randomUUID().toString();
        events.as("/another-team").publish(request(name, "primary"), second);

        List<ConsumerRecord<String, String>> dead = events.await(
                EventType.BACKUP_REQUESTED.deadLetterTopic(),
                r -> second.equals(BusClient.header(r, "ce_id")),
                1,
                TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(BusClient.header(dead.get(0), "dead-letter-reason"))
                .isEqualTo("backup '" + name + "' exists already; this request (" + second
                        + " from /another-team) changes nothing: a new backup needs a new name");
        asUser("admin")
                .get("/backups/" + name)
                .then()
                .body("cluster", equalTo("nowhere"))
                .body("phase", equalTo("Failed"));
        assertThat(count("SELECT count(*) FROM job WHERE name = $1", name)).isEqualTo(1);
    }

    @Test
    void malformedJsonGoesToTheDeadLetterTopicWithAReadableReasonAndTheServiceStaysUp() {
        List<ConsumerRecord<String, String>> dead =
                publishRawAndAwaitDeadLetter("/chatops", "{\"name\": \"half-written\", ");

        assertThat(dead).hasSize(1);
        assertThat(BusClient.header(dead.get(0), "dead-letter-reason"))
                .startsWith("invalid io.day2ops.backup.requested.v1: $: not valid JSON");
        assertThat(BusClient.header(dead.get(0), "dead-letter-topic")).isEqualTo(EventType.BACKUP_REQUESTED.topic());
        assertThat(BusClient.header(dead.get(0), "dead-letter-offset")).matches("[0-9]+");
        assertThat(dead.get(0).value()).isEqualTo("{\"name\": \"half-written\", ");

        // The consumer went on: a good request after the bad one is still answered, and health is UP.
        String name = uniqueName("after-bad");
        events.publish(request(name, "nowhere"));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("admin")
                        .get("/backups/" + name)
                        .then()
                        .statusCode(200)
                        .body("phase", equalTo("Failed")));
        asUser("admin").get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // The PrometheusRule's dead-letter alert reads this counter.
        asUser("admin")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("day2_dead_letters_total{consumer=\"backup-service.backup-requested\",topic=\""
                        + EventType.BACKUP_REQUESTED.topic() + "\"}"));
    }

    @Test
    void everyBadFieldIsNamedInTheDeadLetterReason() {
        List<ConsumerRecord<String, String>> dead = publishRawAndAwaitDeadLetter(
                "/ci", "{\"name\": \"Nightly_Backup\", \"cluster\": \"primary\", \"ttl\": 30}");

        assertThat(dead).hasSize(1);
        assertThat(BusClient.header(dead.get(0), "dead-letter-reason"))
                .contains("name: ")
                .contains("ttl: ");
        asUser("admin").get("/backups/Nightly_Backup").then().statusCode(400).body("errors.field", hasItem("name"));
    }

    @Test
    void restApiNamesWhatIsWrong() {
        asUser("admin")
                .get("/backups/Not_A_Name")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"));
        asUser("admin")
                .get("/backups/no-such-backup")
                .then()
                .statusCode(404)
                .body("detail", containsString("no-such-backup"));
        asUser("admin").get("/backups?phase=Exploded").then().statusCode(400).body("errors[0].field", equalTo("phase"));
        asUser("admin").get("/q/openapi").then().statusCode(200);
        asUser("admin").get("/q/metrics").then().statusCode(200);
    }

    private static BackupRequested request(String name, String cluster) {
        return BackupRequested.builder(name, cluster)
                .includedNamespaces(List.of("default", "kube-system"))
                .ttl("720h")
                .build();
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long count(String sql, Object... parameters) {
        return pool.preparedQuery(sql)
                .execute(Tuple.from(parameters))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    void aDeadLetterTheBrokerRefusesForAWhileIsRetriedAndTheConsumerLivesOn() throws Exception {
        // the broker refuses backup-service's writes to the DLQ (an ACL missing, the topic not yet there): before, the
        // failed send failed the consumer's channel and every later request went unanswered until a restart
        org.apache.kafka.common.acl.AclBinding dlqWrite = io.day2ops.testing.BusAccess.bindings().stream()
                .filter(b -> b.entry().principal().equals("User:backup-service")
                        && b.pattern().name().equals(EventType.BACKUP_REQUESTED.deadLetterTopic()))
                .findFirst()
                .orElseThrow();
        java.util.Map<String, Object> adminConfig =
                new java.util.HashMap<>(io.day2ops.testing.SharedKafka.clientProperties("admin"));
        adminConfig.put("bootstrap.servers", io.day2ops.testing.SharedKafka.bootstrapServers());
        String ceId = UUID.randomUUID().toString();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(adminConfig)) {
            admin.deleteAcls(List.of(dlqWrite.toFilter())).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
            try {
                events.publishRaw(
                        EventType.BACKUP_REQUESTED.topic(),
                        "primary",
                        BusClient.ceHeaders(EventType.BACKUP_REQUESTED, ceId, "/ci"),
                        "{\"name\": \"Not_A_Name\", \"cluster\": 7");
                await().atMost(TIMEOUT)
                        .until(() -> asUser("admin")
                                .get("/q/metrics")
                                .asString()
                                .contains("day2_dead_letter_send_failures_total{topic=\"day2.backup.requested.v1\"}"));
            } finally {
                admin.createAcls(List.of(dlqWrite)).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertThat(events.await(
                        EventType.BACKUP_REQUESTED.deadLetterTopic(),
                        r -> ceId.equals(BusClient.header(r, "ce_id")),
                        1,
                        TIMEOUT))
                .as("dead-lettered once the broker takes it")
                .hasSize(1);
        String after = uniqueName("after-dlq-refused");
        events.publish(request(after, "nowhere"));
        assertThat(events.await(
                        EventType.BACKUP_FAILED.topic(),
                        r -> after.equals(BusClient.header(r, "ce_subject")),
                        1,
                        TIMEOUT))
                .as("the consumer lives on")
                .hasSize(1);
    }

    /** Publishes {@code value} as a BackupRequested from {@code source}, as-is, and waits for its dead letter. */
    private List<ConsumerRecord<String, String>> publishRawAndAwaitDeadLetter(String source, String value) {
        String ceId = UUID.randomUUID().toString();
        events.publishRaw(
                EventType.BACKUP_REQUESTED.topic(),
                "primary",
                BusClient.ceHeaders(EventType.BACKUP_REQUESTED, ceId, source),
                value);
        return events.await(
                EventType.BACKUP_REQUESTED.deadLetterTopic(),
                r -> ceId.equals(BusClient.header(r, "ce_id")),
                1,
                TIMEOUT);
    }
}
