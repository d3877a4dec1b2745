package io.day2ops.foundation.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.foundation.runtime.FoundationConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Publishes events the safe way: the event is written to the outbox table in the caller's transaction, so it exists
 * if and only if the state change it announces was committed. {@link OutboxRelay} sends it to Kafka afterwards.
 */
@ApplicationScoped
public class EventOutbox {

    private static final ObjectMapper HEADERS = new ObjectMapper();

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
        CloudEvent<T> cloudEvent = CloudEvent.of(id, source, clock.instant(), event);
        String headers;
        try {
            headers = headersJson(cloudEvent);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String payload = codec.toJson(event);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "INSERT INTO outbox_event (event_id, topic, record_key, ce_type, headers, payload, created_at)"
                                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (event_id) DO NOTHING")
                        .setParameter(1, id)
                        .setParameter(2, cloudEvent.topic())
                        .setParameter(3, cloudEvent.key())
                        .setParameter(4, cloudEvent.type())
                        .setParameter(5, headers)
                        .setParameter(6, payload)
                        .setParameter(7, OffsetDateTime.ofInstant(cloudEvent.time(), ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWith(cloudEvent);
    }

    /**
     * Adds {@code events} to the outbox, each with a new id, in one statement on {@code connection}, which must be in
     * a transaction (e.g. {@code pool.withTransaction}). For code that settles a batch of work without Hibernate.
     */
    public Uni<Void> publishAll(SqlConnection connection, List<? extends Day2Event> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = events.size();
        String[] ids = new String[size];
        String[] topics = new String[size];
        String[] keys = new String[size];
        String[] types = new String[size];
        String[] headers = new String[size];
        String[] payloads = new String[size];
        OffsetDateTime[] times = new OffsetDateTime[size];
        try {
            for (int i = 0; i < size; i++) {
                Day2Event event = events.get(i);
                CloudEvent<? extends Day2Event> cloudEvent =
                        CloudEvent.of(UUID.randomUUID().toString(), source, clock.instant(), event);
                ids[i] = cloudEvent.id();
                topics[i] = cloudEvent.topic();
                keys[i] = cloudEvent.key();
                types[i] = cloudEvent.type();
                headers[i] = headersJson(cloudEvent);
                payloads[i] = codec.toJson(event);
                times[i] = OffsetDateTime.ofInstant(cloudEvent.time(), ZoneOffset.UTC);
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return connection
                .preparedQuery("INSERT INTO outbox_event (event_id, topic, record_key, ce_type, headers, payload,"
                        + " created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],"
                        + " $5::text[], $6::text[], $7::timestamptz[]) ON CONFLICT (event_id) DO NOTHING")
                .execute(Tuple.from(new Object[] {ids, topics, keys, types, headers, payloads, times}))
                .replaceWithVoid();
    }

    private static String headersJson(CloudEvent<?> cloudEvent) throws JsonProcessingException {
        return HEADERS.writeValueAsString(cloudEvent.headers());
    }
}
