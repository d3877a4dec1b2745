package io.day2ops.foundation.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Moves records that cannot be parsed or validated to {@code <topic>.dlq}, value and headers untouched, plus headers
 * saying why and where from. Header names follow SmallRye's dead-letter strategy so existing tooling reads them.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String CONSUMER = "dead-letter-consumer";

    private final MutinyEmitter<String> emitter;
    private final MeterRegistry meters;
    /** The topic/consumer pairs whose counter is exported already. */
    private final java.util.Set<String> watched = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Exports {@code day2_dead_letters_total} of a consumer's topic at 0 before its first dead letter, so that
     * Prometheus' {@code increase()} sees the first one too (a counter born at 1 shows no increase).
     */
    void watch(String topic, String consumer) {
        if (watched.add(topic + " " + consumer)) { // once per consumer: this runs for every batch polled
            meters.counter("day2.dead.letters", "topic", topic, "consumer", consumer);
        }
    }

    /**
     * Exports the counter of every incoming channel ({@code <application>.<channel>}, the consumer name each service's
     * consumers use) at start-up: waiting for a channel's first batch is too late when that batch is all bad input —
     * the series would be born at its full count and {@code increase()} would show nothing.
     */
    void exportAtStartup(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        String application = config.getOptionalValue("quarkus.application.name", String.class)
                .orElse("day2ops");
        String prefix = "mp.messaging.incoming.";
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix) && name.endsWith(".topic")) {
                String channel = name.substring(prefix.length(), name.length() - ".topic".length());
                config.getOptionalValue(name, String.class)
                        .ifPresent(topic -> watch(topic, application + "." + channel));
            }
        }
    }

    public DeadLetters(@Channel("day2-dead-letters") MutinyEmitter<String> emitter, MeterRegistry meters) {
        this.emitter = emitter;
        this.meters = meters;
    }

    /** Sends {@code record} to its topic's DLQ; completes when Kafka acknowledged it. */
    public Uni<Void> send(KafkaRecord<String, String> record, String consumer, String reason) {
        String dlq = record.getTopic() + ".dlq";
        long offset = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
        Log.warnf(
                "%s: %s[%d]@%d moved to %s: %s",
                consumer, record.getTopic(), record.getPartition(), offset, dlq, reason);
        // day2_dead_letters_total{topic,consumer}: the k8s PrometheusRule alerts when it grows.
        meters.counter("day2.dead.letters", "topic", record.getTopic(), "consumer", consumer)
                .increment();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.getHeaders()) {
            headers.add(header);
        }
        headers.add(REASON, bytes(reason));
        headers.add(TOPIC, bytes(record.getTopic()));
        headers.add(PARTITION, bytes(String.valueOf(record.getPartition())));
        headers.add(OFFSET, bytes(String.valueOf(offset)));
        headers.add(CONSUMER, bytes(consumer));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(dlq)
                .withKey(record.getKey())
                .withHeaders(headers)
                .build();
        // Never given up (the record is acknowledged only once its dead letter is), never fatal to the consumer: a DLQ
        // the broker does not take now (down, no leader, not yet created) is retried, and the partition waits.
        return Uni.createFrom()
                .deferred(() ->
                        emitter.sendMessage(Message.of(record.getPayload()).addMetadata(metadata)))
                .ifNoItem()
                .after(SEND_TIMEOUT)
                .failWith(() -> new java.util.concurrent.TimeoutException(
                        "no acknowledgement for the dead letter within " + SEND_TIMEOUT))
                .onFailure()
                .invoke(failure -> {
                    meters.counter("day2.dead.letter.send.failures", "topic", record.getTopic())
                            .increment();
                    Log.warnf("%s: could not send the dead letter to %s yet, retrying: %s", consumer, dlq, failure);
                })
                .onFailure()
                .retry()
                .withBackOff(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(10))
                .indefinitely();
    }

    private static final java.time.Duration SEND_TIMEOUT = java.time.Duration.ofSeconds(10);

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
