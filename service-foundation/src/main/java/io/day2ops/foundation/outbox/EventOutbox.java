package io.day2ops.foundation.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.foundation.runtime.FoundationConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
    private final OutboxRelay relay;

    public EventOutbox(EventCodec codec, Clock clock, FoundationConfig config, OutboxRelay relay) {
        this.codec = codec;
        this.clock = clock;
        this.source = "/day2ops/" + config.serviceName();
        this.relay = relay;
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
            headers = HEADERS.writeValueAsString(cloudEvent.headers());
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
                .invoke(relay::wakeUpSoon)
                .replaceWith(cloudEvent);
    }
}
