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
import java.util.LinkedHashMap;
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
 * transaction committed, so nothing is lost and nothing is done twice. A failure that repeats (a constraint, a bug the
 * event triggers) and an unknown one that happened {@value #UNKNOWN_FAILURE_ATTEMPTS} times are narrowed down to the
 * event that causes them, which goes to the dead-letter topic with the error's first line; the rest go on.
 */
@ApplicationScoped
public class InboundEvents {

    /** Tries of a batch that fails with an exception neither known to pass nor known to repeat, before isolating it. */
    static final int UNKNOWN_FAILURE_ATTEMPTS = 5;

    private final EventCodec codec;
    private final EventInbox inbox;
    private final DeadLetters deadLetters;
    private final ProducerTrust trust;

    private final io.day2ops.foundation.tracing.Traces traces;

    public InboundEvents(
            EventCodec codec,
            EventInbox inbox,
            DeadLetters deadLetters,
            ProducerTrust trust,
            io.day2ops.foundation.tracing.Traces traces) {
        this.traces = traces;
        this.codec = codec;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.trust = trust;
    }

    /**
     * Processes a batch and acknowledges it, running {@code work} for each first-delivered event in turn.
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
        return process(batch, consumer, type, (event, refusals) -> work.apply(event));
    }

    /** As {@link #process}, the work able to turn requests down ({@link Refusals}), answered on the DLQ. */
    public <T extends Day2Event> Uni<Void> process(
            KafkaRecordBatch<String, String> batch,
            String consumer,
            EventType<T> type,
            java.util.function.BiFunction<CloudEvent<T>, Refusals, Uni<Void>> work) {
        return processBatchRefusing(
                batch,
                consumer,
                type,
                (events, refusals) -> Multi.createFrom()
                        .iterable(events)
                        .onItem()
                        .transformToUniAndConcatenate(event -> traced(event, e -> work.apply(e, refusals)))
                        .collect()
                        .last()
                        .replaceWithVoid());
    }

    /**
     * Runs {@code work} for one event with the event in the MDC ({@code ce_id}, {@code ce_type}, {@code cluster},
     * {@code subject}), so every line it logs (JSON logs show the MDC) can be found by the event's id, in a span that
     * continues the trace of the work that published it ({@code ce_traceparent}).
     */
    private <T extends Day2Event> Uni<Void> traced(CloudEvent<T> event, Function<CloudEvent<T>, Uni<Void>> work) {
        return traces.inSpan(
                        "process " + event.type(),
                        io.opentelemetry.api.trace.SpanKind.CONSUMER,
                        event.traceparent(),
                        () -> {
                            org.jboss.logging.MDC.put("ce_id", event.id());
                            org.jboss.logging.MDC.put("ce_type", event.type());
                            org.jboss.logging.MDC.put("cluster", event.data().cluster());
                            org.jboss.logging.MDC.put("subject", String.valueOf(event.subject()));
                            return work.apply(event);
                        })
                .onTermination()
                .invoke(() -> List.of("ce_id", "ce_type", "cluster", "subject").forEach(org.jboss.logging.MDC::remove));
    }

    /**
     * Processes a batch and acknowledges it, handing all first-delivered events to {@code work} at once, so that it
     * can write them with a few multi-row statements.
     *
     * @param work what to do with the first-delivered events (in arrival order, never empty), inside the transaction
     */
    public <T extends Day2Event> Uni<Void> processBatch(
            KafkaRecordBatch<String, String> batch,
            String consumer,
            EventType<T> type,
            Function<List<CloudEvent<T>>, Uni<Void>> work) {
        return processBatchRefusing(batch, consumer, type, (events, refusals) -> work.apply(events));
    }

    /**
     * As {@link #processBatch}, the work able to turn requests down ({@link Refusals}): those are dead-lettered with
     * their reason once the batch's transaction committed.
     */
    public <T extends Day2Event> Uni<Void> processBatchRefusing(
            KafkaRecordBatch<String, String> batch,
            String consumer,
            EventType<T> type,
            java.util.function.BiFunction<List<CloudEvent<T>>, Refusals, Uni<Void>> work) {
        Map<String, CloudEvent<T>> accepted = new LinkedHashMap<>();
        Map<String, KafkaRecord<String, String>> records = new HashMap<>();
        Map<String, String> digests = new HashMap<>();
        String topic = type.topic();
        deadLetters.watch(topic, consumer);
        List<Uni<Void>> rejected = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                CloudEvent<?> event = codec.parseRecord(record.getTopic(), headers(record), record.getPayload());
                String distrust = trust.refusal(event);
                if (distrust != null) {
                    Log.warnf("%s: %s %s refused: %s", consumer, event.type(), event.id(), distrust);
                    rejected.add(deadLetters.send(record, consumer, distrust));
                    continue;
                }
                @SuppressWarnings("unchecked")
                CloudEvent<T> typed = (CloudEvent<T>) event;
                String digest = EventInbox.digest(record.getPayload());
                String earlier = digests.putIfAbsent(typed.id(), digest);
                if (earlier != null && !earlier.equals(digest)) {
                    rejected.add(deadLetters.send(record, consumer, reuseReason(typed.id(), earlier, digest)));
                    continue;
                }
                // The same ce_id twice in one batch, with the same payload, is one event.
                accepted.putIfAbsent(typed.id(), typed);
                records.putIfAbsent(typed.id(), record);
            } catch (InvalidEventException e) {
                rejected.add(deadLetters.send(record, consumer, e.getMessage()));
            }
        }
        Uni<Void> deadLettered = rejected.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andFailFast().replaceWithVoid();
        List<CloudEvent<T>> events = List.copyOf(accepted.values());
        Uni<Settled> processed = events.isEmpty()
                ? Uni.createFrom().item(Settled.NONE)
                : isolating(consumer, topic, events, records, digests, work);
        return deadLettered
                .chain(() -> processed)
                .call(settled -> deadLetterReused(consumer, settled.reused(), records, digests))
                .call(settled -> deadLetterRefused(consumer, settled.refused(), records))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** What a batch's transaction left to answer: ids reused with another payload, requests the work refused. */
    private record Settled(Map<String, String> reused, Map<String, String> refused) {

        static final Settled NONE = new Settled(Map.of(), Map.of());

        Settled plus(Settled other) {
            Map<String, String> allReused = new HashMap<>(reused);
            allReused.putAll(other.reused);
            Map<String, String> allRefused = new HashMap<>(refused);
            allRefused.putAll(other.refused);
            return new Settled(Map.copyOf(allReused), Map.copyOf(allRefused));
        }
    }

    private Uni<Void> deadLetterRefused(
            String consumer, Map<String, String> refused, Map<String, KafkaRecord<String, String>> records) {
        if (refused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(refused.entrySet())
                .onItem()
                .transformToUniAndConcatenate(e -> {
                    Log.warnf("%s: %s refused: %s", consumer, e.getKey(), e.getValue());
                    return deadLetters.send(records.get(e.getKey()), consumer, e.getValue());
                })
                .collect()
                .last()
                .replaceWithVoid();
    }

    /**
     * Dead-letters the events whose ce_id was processed before with another payload: a producer reusing ids (or a
     * forgery) must not be silently taken for a redelivery.
     */
    private Uni<Void> deadLetterReused(
            String consumer,
            Map<String, String> reused,
            Map<String, KafkaRecord<String, String>> records,
            Map<String, String> digests) {
        if (reused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(reused.entrySet())
                .onItem()
                .transformToUniAndConcatenate(e -> deadLetters.send(
                        records.get(e.getKey()),
                        consumer,
                        reuseReason(e.getKey(), e.getValue(), digests.get(e.getKey()))))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private static String reuseReason(String id, String before, String now) {
        return "ce_id '" + id + "' reused with a different payload: already processed with payload sha256 "
                + before.substring(0, 12) + "…, this one is " + now.substring(0, 12)
                + "… (a new event needs a new ce_id)";
    }

    /**
     * Runs the batch's transaction. A transient failure is retried until it goes away. A deterministic one (the
     * same error every time) is narrowed down: the events are retried one by one, and the one that still fails
     * goes to the dead-letter topic with the error, so that one bad event cannot block its partition forever.
     */
    private <T extends Day2Event> Uni<Settled> isolating(
            String consumer,
            String topic,
            List<CloudEvent<T>> events,
            Map<String, KafkaRecord<String, String>> records,
            Map<String, String> digests,
            java.util.function.BiFunction<List<CloudEvent<T>>, Refusals, Uni<Void>> work) {
        java.util.concurrent.atomic.AtomicInteger unknown = new java.util.concurrent.atomic.AtomicInteger();
        return Uni.createFrom()
                .deferred(() -> inTransaction(consumer, topic, events, digests, work))
                .onFailure(failure -> !ProcessingFailures.isTransient(failure)
                        && !ProcessingFailures.isDeterministic(failure)
                        && unknown.incrementAndGet() >= UNKNOWN_FAILURE_ATTEMPTS)
                .transform(failure -> new ProcessingFailures.GaveUp(failure, unknown.get()))
                .onFailure(ProcessingFailures::isDeterministic)
                .recoverWithUni(failure -> {
                    if (events.size() == 1) {
                        String reason = failure instanceof ProcessingFailures.GaveUp gaveUp
                                ? "processing failed " + gaveUp.attempts + " times with an unexpected error: "
                                        + ProcessingFailures.describe(failure)
                                : "processing failed: " + ProcessingFailures.describe(failure);
                        return deadLetters
                                .send(records.get(events.get(0).id()), consumer, reason)
                                .replaceWith(Settled.NONE);
                    }
                    Log.warnf(
                            "%s: a batch of %d failed (%s); retrying its events one by one",
                            consumer, events.size(), ProcessingFailures.describe(failure));
                    return Multi.createFrom()
                            .iterable(events)
                            .onItem()
                            .transformToUniAndConcatenate(
                                    event -> isolating(consumer, topic, List.of(event), records, digests, work))
                            .collect()
                            .asList()
                            .map(settled -> settled.stream().reduce(Settled.NONE, Settled::plus));
                })
                .onFailure()
                .invoke(failure ->
                        Log.warnf("%s: %d events not processed yet, retrying: %s", consumer, events.size(), failure))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .indefinitely();
    }

    /** Runs the work for the first deliveries; answers the ids reused with another payload and what it refused. */
    private <T extends Day2Event> Uni<Settled> inTransaction(
            String consumer,
            String topic,
            List<CloudEvent<T>> events,
            Map<String, String> digests,
            java.util.function.BiFunction<List<CloudEvent<T>>, Refusals, Uni<Void>> work) {
        Refusals refusals = new Refusals();
        List<EventInbox.Delivery> deliveries = events.stream()
                .map(e -> new EventInbox.Delivery(e.id(), digests.get(e.id())))
                .toList();
        return Panache.withTransaction(() -> inbox.firstDeliveries(consumer, topic, deliveries)
                .chain(found -> {
                    List<CloudEvent<T>> first = events.stream()
                            .filter(e -> found.first().contains(e.id()))
                            .toList();
                    if (first.size() < events.size()) {
                        Log.debugf(
                                "%s: %d of %d events already processed, skipped",
                                consumer, events.size() - first.size(), events.size());
                    }
                    Uni<Void> done = first.isEmpty() ? Uni.createFrom().voidItem() : work.apply(first, refusals);
                    return done.map(ignored -> new Settled(found.reused(), refusals.byEventId()));
                }));
    }

    private static Map<String, String> headers(KafkaRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.getHeaders()) {
            headers.put(
                    header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
