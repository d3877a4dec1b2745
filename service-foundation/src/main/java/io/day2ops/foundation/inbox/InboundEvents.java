package io.day2ops.foundation.inbox;

import io.day2ops.events.CloudEvent;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.InvalidEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;

/**
 * The consume side of every service: parse a batch of records, dead-letter what is invalid, and run the work for the
 * rest in ONE transaction together with the inbox entries, skipping events already processed. Work here must be quick
 * (record a job, update a row); anything long goes to a job.
 *
 * <p>Transient failures (database down) are retried with backoff and the batch is acknowledged only after its
 * transaction committed, so nothing is lost and nothing is done twice.
 */
@ApplicationScoped
public class InboundEvents {

    private final EventCodec codec;
    private final EventInbox inbox;
    private final DeadLetters deadLetters;

    public InboundEvents(EventCodec codec, EventInbox inbox, DeadLetters deadLetters) {
        this.codec = codec;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
    }

    /**
     * Processes a batch and acknowledges it.
     *
     * @param consumer the consumer's name in the inbox, e.g. {@code backup-service.backup-requested}
     * @param type the event type the topic carries
     * @param work what to do with each first-delivered event, inside the transaction
     */
    public <T extends Day2Event> Uni<Void> process(
            KafkaRecordBatch<String, String> batch,
            String consumer,
            EventType<T> type,
            Function<CloudEvent<T>, Uni<Void>> work) {
        List<Accepted<T>> accepted = new ArrayList<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                CloudEvent<?> event = codec.parseRecord(record.getTopic(), headers(record), record.getPayload());
                if (!event.type().equals(type.ceType())) {
                    throw new IllegalStateException("unexpected " + event.type());
                }
                @SuppressWarnings("unchecked")
                CloudEvent<T> typed = (CloudEvent<T>) event;
                accepted.add(new Accepted<>(record.getTopic(), typed));
            } catch (InvalidEventException e) {
                rejected.add(deadLetters.send(record, consumer, e.getMessage()));
            }
        }
        Uni<Void> deadLettered = rejected.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andFailFast().replaceWithVoid();
        Uni<Void> processed = accepted.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom()
                        .deferred(() -> inTransaction(consumer, accepted, work))
                        .onFailure()
                        .invoke(failure -> Log.warnf(
                                "%s: %d events not processed yet, retrying: %s", consumer, accepted.size(), failure))
                        .onFailure()
                        .retry()
                        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                        .indefinitely();
        return deadLettered.chain(() -> processed).chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private <T extends Day2Event> Uni<Void> inTransaction(
            String consumer, List<Accepted<T>> accepted, Function<CloudEvent<T>, Uni<Void>> work) {
        return Panache.withTransaction(() -> Multi.createFrom()
                .iterable(accepted)
                .onItem()
                .transformToUniAndConcatenate(item -> inbox.firstDelivery(consumer, item.topic(), item.event())
                        .chain(first -> {
                            if (!first) {
                                Log.debugf(
                                        "%s: %s already processed, skipped",
                                        consumer, item.event().id());
                                return Uni.createFrom().voidItem();
                            }
                            return work.apply(item.event());
                        }))
                .collect()
                .last()
                .replaceWithVoid());
    }

    private static Map<String, String> headers(KafkaRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.getHeaders()) {
            headers.put(
                    header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private record Accepted<T extends Day2Event>(String topic, CloudEvent<T> event) {}
}
