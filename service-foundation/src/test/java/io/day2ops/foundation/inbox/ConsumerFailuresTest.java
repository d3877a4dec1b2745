package io.day2ops.foundation.inbox;

import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.EventType;
import io.day2ops.foundation.TestTransactions;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A consumer on a real broker and database whose work fails with an exception nobody classified: the event is tried
 * a bounded number of times, then dead-lettered with the error's first line, and the partition goes on. Before, an
 * unknown exception counted as transient and was retried forever, so every later event of the partition waited.
 */
@Day2FlowTest
class ConsumerFailuresTest {

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anUnknownExceptionIsRetriedABoundedNumberOfTimesThenDeadLetteredAndThePartitionGoesOn() {
        String cluster = unique("unknown"); // one key: one partition, in order
        String bad = unique("bad");
        String good = unique("good");
        try (BusClient bus = new BusClient(bootstrapServers)) {
            bus.publish(new BackupFailed(bad, cluster, "throw-unknown", Instant.now(), Instant.now(), null));
            bus.publish(new BackupFailed(good, cluster, "fine", Instant.now(), Instant.now(), null));

            List<ConsumerRecord<String, String>> dead = bus.await(
                    EventType.BACKUP_FAILED.deadLetterTopic(),
                    r -> r.value().contains("\"" + bad + "\"")
                            && TestFailedConsumer.CONSUMER.equals(BusClient.header(r, DeadLetters.CONSUMER)),
                    1,
                    Duration.ofSeconds(60));
            assertThat(dead).hasSize(1);
            assertThat(BusClient.header(dead.get(0), DeadLetters.REASON))
                    .startsWith("processing failed " + InboundEvents.UNKNOWN_FAILURE_ATTEMPTS
                            + " times with an unexpected error: IllegalStateException: the consumer's own bug, hit by "
                            + bad)
                    .contains("(at io.day2ops.foundation.inbox.TestFailedConsumer");
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(notes("consumed " + good))
                        .as("the event after it was processed")
                        .isEqualTo(1));
        assertThat(notes("consumed " + bad)).isZero();
    }

    @Test
    void anEnvelopeTheConnectorCouldNotParseIsDeadLetteredAndTheConsumerLivesOn() {
        // SmallRye's own CloudEvents reading threw on this ce_time while building the record, failing the channel:
        // the topic stopped for every replica. Now the inbox reads the envelope and names what is wrong.
        String cluster = unique("envelope");
        String bad = unique("bad-time");
        String good = unique("good");
        try (BusClient bus = new BusClient(bootstrapServers)) {
            Map<String, String> headers = new HashMap<>(BusClient.ceHeaders(EventType.BACKUP_FAILED, bad, "/ci"));
            headers.put("ce_time", "yesterday");
            bus.publishRaw(
                    EventType.BACKUP_FAILED.topic(),
                    cluster,
                    headers,
                    "{\"name\": \"" + bad + "\", \"cluster\": \"" + cluster
                            + "\", \"reason\": \"x\", \"failedAt\": \"2026-12-01T00:00:00Z\"}");
            bus.publish(new BackupFailed(good, cluster, "fine", Instant.now(), Instant.now(), null));

            List<ConsumerRecord<String, String>> dead = bus.await(
                    EventType.BACKUP_FAILED.deadLetterTopic(),
                    r -> bad.equals(BusClient.header(r, "ce_id"))
                            && TestFailedConsumer.CONSUMER.equals(BusClient.header(r, DeadLetters.CONSUMER)),
                    1,
                    Duration.ofSeconds(60));
            assertThat(dead).hasSize(1);
            assertThat(BusClient.header(dead.get(0), DeadLetters.REASON)).contains("ce_time");
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(notes("consumed " + good))
                        .as("the event after it was processed")
                        .isEqualTo(1));
    }

    private long notes(String text) {
        return pool.preparedQuery("SELECT count(*) FROM test_note WHERE text = $1")
                .execute(Tuple.of(text))
                .map(rows -> rows.iterator().next().getLong(0))
                .await()
                .atMost(TestTransactions.WAIT);
    }
}
