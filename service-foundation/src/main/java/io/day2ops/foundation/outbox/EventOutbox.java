package io.day2ops.foundation.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.foundation.runtime.FoundationConfig;
import io.day2ops.foundation.runtime.NativeStatements;
import io.day2ops.foundation.tracing.Traces;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Publishes events the safe way: the event is written to the outbox table in the caller's transaction, so it exists
 * if and only if the state change it announces was committed. {@link OutboxRelay} sends it to Kafka afterwards. It
 * carries the current trace context ({@code ce_traceparent}), so its consumers continue the trace that produced it.
 */
@ApplicationScoped
public class EventOutbox {

    private static final ObjectMapper HEADERS = new ObjectMapper();
    private static final List<String> COLUMNS =
            List.of("event_id", "topic", "record_key", "ce_type", "headers", "payload", "created_at");

    private final EventCodec codec;
    private final Clock clock;
    private final String source;

    public EventOutbox(EventCodec codec, Clock clock, FoundationConfig config) {
        this.codec = codec;
        this.clock = clock;
        this.source = "/day2ops/" + config.serviceName();
    }

    /** Adds {@code event} to the outbox with a new id. Must run inside {@code Panache.withTransaction}. */
    public <T extends Day2Event> Uni<CloudEvent<T>> publish(T event) {
        return publish(event, UUID.randomUUID().toString());
    }

    /**
     * Adds {@code event} to the outbox under a chosen id, for events whose id must be stable across retries. A second
     * publish with the same id is ignored. Must run inside {@code Panache.withTransaction}.
     */
    public <T extends Day2Event> Uni<CloudEvent<T>> publish(T event, String id) {
        CloudEvent<T> cloudEvent =
                CloudEvent.of(id, source, clock.instant(), event).withTraceparent(Traces.currentOrNew());
        return insert(List.of(cloudEvent)).replaceWith(cloudEvent);
    }

    /**
     * Adds {@code event} to the outbox under {@code id} with {@code source} as its {@code ce_source}: a request a person
     * sent over HTTP ({@code /users/<name>}), which the service's consumer then treats like any request on the bus.
     * Must run inside {@code Panache.withTransaction}.
     */
    public <T extends Day2Event> Uni<CloudEvent<T>> publishAs(T event, String id, String source) {
        CloudEvent<T> cloudEvent =
                CloudEvent.of(id, source, clock.instant(), event).withTraceparent(Traces.currentOrNew());
        return insert(List.of(cloudEvent)).replaceWith(cloudEvent);
    }

    /**
     * Adds {@code events} to the outbox, each with a new id, in one statement, in this order. Must run inside
     * {@code Panache.withTransaction}; for code that settles a batch of work at once.
     */
    public Uni<Void> publishAll(List<? extends Day2Event> events) {
        Instant now = clock.instant();
        String traceparent = Traces.currentOrNew();
        return insert(events.stream()
                .<CloudEvent<?>>map(event -> CloudEvent.of(UUID.randomUUID().toString(), source, now, event)
                        .withTraceparent(traceparent))
                .toList());
    }

    private Uni<Void> insert(List<CloudEvent<?>> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        try {
            for (CloudEvent<?> event : events) {
                rows.add(rowOf(event));
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        if (rows.size() <= 1) {
            return NativeStatements.<Object>insertRows(
                            "outbox_event", COLUMNS, "ON CONFLICT (event_id) DO NOTHING", rows, null)
                    .replaceWithVoid();
        }
        // A batch travels as one JSON parameter and keeps its order (seq follows the array), however large it is.
        ArrayNode batch = HEADERS.createArrayNode();
        for (Object[] row : rows) {
            ObjectNode item = batch.addObject();
            for (int column = 0; column < COLUMNS.size(); column++) {
                item.put(COLUMNS.get(column), row[column] == null ? null : String.valueOf(row[column]));
            }
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO outbox_event (" + String.join(", ", COLUMNS)
                                + ") SELECT e.doc ->> 'event_id', e.doc ->> 'topic', e.doc ->> 'record_key',"
                                + " e.doc ->> 'ce_type', e.doc ->> 'headers', e.doc ->> 'payload',"
                                + " CAST(e.doc ->> 'created_at' AS timestamptz)"
                                + " FROM jsonb_array_elements(CAST(CAST(?1 AS text) AS jsonb)) WITH ORDINALITY AS e(doc, n)"
                                + " ORDER BY e.n ON CONFLICT (event_id) DO NOTHING")
                        .setParameter(1, batch.toString())
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** The outbox row of an event, in the order of {@link #COLUMNS}'s columns. */
    private Object[] rowOf(CloudEvent<?> cloudEvent) throws JsonProcessingException {
        return new Object[] {
            cloudEvent.id(),
            cloudEvent.topic(),
            cloudEvent.key(),
            cloudEvent.type(),
            headersJson(cloudEvent),
            codec.toJson(cloudEvent.data()),
            OffsetDateTime.ofInstant(cloudEvent.time(), ZoneOffset.UTC)
        };
    }

    private static String headersJson(CloudEvent<?> cloudEvent) throws JsonProcessingException {
        return HEADERS.writeValueAsString(cloudEvent.headers());
    }
}
