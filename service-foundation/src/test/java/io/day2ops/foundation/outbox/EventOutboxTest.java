package io.day2ops.foundation.outbox;

import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.EventType;
import io.day2ops.foundation.TestNote;
import io.day2ops.foundation.TestTransactions;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The outbox on a real database and broker: an event exists if and only if its transaction committed, and the relay
 * delivers one cluster's events in the order they were committed, whether written one by one or in a batch.
 */
@Day2FlowTest
class EventOutboxTest {

    private static final String TOPIC = EventType.BACKUP_FAILED.topic();

    @Inject
    EventOutbox outbox;

    @Inject
    Pool pool;

    @Inject
    OutboxParking parking;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** The record key: one cluster of this test's own. */
    private final String cluster = unique("order");

    @Test
    void oneClustersEventsArriveInTheOrderTheyWereCommitted() {
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            String single = "single-" + round;
            TestTransactions.inTransaction(vertx, () -> outbox.publish(failed(single)));
            expected.add(single);
            List<BackupFailed> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(failed("batch-" + round + "-" + i));
                expected.add("batch-" + round + "-" + i);
            }
            TestTransactions.inTransaction(vertx, () -> outbox.publishAll(batch));
        }

        List<ConsumerRecord<String, String>> records;
        try (BusClient bus = new BusClient(bootstrapServers)) {
            records = bus.await(TOPIC, r -> cluster.equals(r.key()), expected.size(), Duration.ofSeconds(60));
        }

        assertThat(records).extracting(r -> nameOf(r.value())).containsExactlyElementsOf(expected);
        assertThat(records)
                .extracting(r -> BusClient.header(r, "ce_type"))
                .containsOnly(EventType.BACKUP_FAILED.ceType());
    }

    @Test
    void anEventWhoseTransactionRolledBackIsNeverWrittenNorSent() {
        String name = unique("rolled-back");

        assertThatThrownBy(() -> TestTransactions.inTransaction(vertx, () -> {
                    TestNote note = new TestNote();
                    note.text = name;
                    return Panache.getSession()
                            .chain(session -> session.persist(note))
                            .chain(() -> outbox.publish(failed(name)))
                            .chain(() ->
                                    Uni.createFrom().failure(new IllegalStateException("the state change failed")));
                }))
                .hasMessage("the state change failed");

        assertThat(count("SELECT count(*) FROM test_note WHERE text = $1", name))
                .isZero();
        assertThat(count("SELECT count(*) FROM outbox_event WHERE payload LIKE $1", "%" + name + "%"))
                .isZero();
    }

    @Test
    void publishingTheSameIdTwiceWritesOneEvent() {
        String id = UUID.randomUUID().toString();

        TestTransactions.inTransaction(vertx, () -> outbox.publish(failed("twice-a"), id));
        TestTransactions.inTransaction(vertx, () -> outbox.publish(failed("twice-b"), id));

        assertThat(count("SELECT count(*) FROM outbox_event WHERE event_id = $1", id))
                .isEqualTo(1);
    }

    @Test
    void aRecordTheBrokerWillNeverTakeIsParkedWithTheReasonAndHoldsOnlyItsOwnKey() {
        String poisoned = unique("poisoned");
        String other = unique("other");
        // 2 MB: over the producer's max.request.size (1 MB); before parking, this row was re-sent every 250 ms forever
        long huge = insertRow(poisoned, "{\"name\":\"huge\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}");
        insertRow(poisoned, "{\"name\":\"after-huge\"}");
        insertRow(other, "{\"name\":\"independent\"}");

        try (BusClient bus = new BusClient(bootstrapServers)) {
            assertThat(bus.await(TOPIC, r -> other.equals(r.key()), 1, Duration.ofSeconds(60)))
                    .as("another key's event goes on")
                    .hasSize(1);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> count(
                                    "SELECT count(*) FROM outbox_event WHERE parked_at IS NOT NULL"
                                            + " AND record_key = $1",
                                    poisoned)
                            == 1);
            String reason = pool.preparedQuery("SELECT last_error FROM outbox_event WHERE seq = $1")
                    .execute(Tuple.of(huge))
                    .map(rows -> rows.iterator().next().getString(0))
                    .await()
                    .atMost(TestTransactions.WAIT);
            assertThat(reason).contains("RecordTooLargeException");
            assertThat(bus.await(TOPIC, r -> poisoned.equals(r.key()), 1, Duration.ofSeconds(3)))
                    .as("its key's later event waits behind it, in order")
                    .isEmpty();
            OutboxParking.State state = parking.state().await().atMost(TestTransactions.WAIT);
            assertThat(state.parked())
                    .filteredOn(row -> row.key().equals(poisoned))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.seq()).isEqualTo(huge);
                        assertThat(row.waitingBehind()).isEqualTo(1);
                        assertThat(row.reason()).contains("RecordTooLargeException");
                    });

            parking.discard(huge, "test-admin").await().atMost(TestTransactions.WAIT);
            assertThat(bus.await(TOPIC, r -> poisoned.equals(r.key()), 1, Duration.ofSeconds(60)))
                    .extracting(r -> nameOf(r.value()))
                    .as("discarded by an operator: its key goes on")
                    .containsExactly("after-huge");
            assertThatThrownBy(() -> parking.discard(huge, "test-admin").await().atMost(TestTransactions.WAIT))
                    .isInstanceOf(io.day2ops.foundation.rest.NotFoundProblem.class);
        }
    }

    /** An outbox row as {@link EventOutbox} writes it, with any payload; its seq. */
    private long insertRow(String key, String payload) {
        String headers = "{\"ce_specversion\":\"1.0\",\"ce_id\":\"" + UUID.randomUUID()
                + "\",\"ce_source\":\"/day2ops/test\",\"ce_type\":\"" + EventType.BACKUP_FAILED.ceType()
                + "\",\"content-type\":\"application/json\"}";
        return pool.preparedQuery("INSERT INTO outbox_event (event_id, topic, record_key, ce_type, headers, payload,"
                        + " created_at) VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING seq")
                .execute(Tuple.from(List.of(
                        UUID.randomUUID().toString(), TOPIC, key, EventType.BACKUP_FAILED.ceType(), headers, payload)))
                .map(rows -> rows.iterator().next().getLong(0))
                .await()
                .atMost(TestTransactions.WAIT);
    }

    private BackupFailed failed(String name) {
        return new BackupFailed(name, cluster, "outbox test", Instant.now(), Instant.now(), null);
    }

    private long count(String sql, String parameter) {
        return pool.preparedQuery(sql)
                .execute(Tuple.of(parameter))
                .map(rows -> rows.iterator().next().getLong(0))
                .await()
                .atMost(TestTransactions.WAIT);
    }

    private static String nameOf(String json) {
        int start = json.indexOf("\"name\":\"") + 8;
        return json.substring(start, json.indexOf('"', start));
    }
}
