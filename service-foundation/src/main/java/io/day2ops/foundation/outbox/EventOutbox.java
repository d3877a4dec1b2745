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
    private static final String INSERT =
            "INSERT INTO outbox_event (event_id, topic, record_key, ce_type, headers, payload, created_at)";

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
        Object[] values;
        try {
            values = rowOf(cloudEvent);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession()
                .chain(session -> {
                    var insert = session.createNativeQuery(
                            INSERT + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (event_id) DO NOTHING");
                    for (int i = 0; i < values.length; i++) {
                        insert.setParameter(i + 1, values[i]);
                    }
                    return insert.executeUpdate();
                })
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
        // One array per column, for unnest: the same values publish() writes, row by row.
        Object[][] columns = {
            new String[events.size()],
            new String[events.size()],
            new String[events.size()],
            new String[events.size()],
            new String[events.size()],
            new String[events.size()],
            new OffsetDateTime[events.size()]
        };
        try {
            for (int row = 0; row < events.size(); row++) {
                Object[] values =
                        rowOf(CloudEvent.of(UUID.randomUUID().toString(), source, clock.instant(), events.get(row)));
                for (int column = 0; column < values.length; column++) {
                    columns[column][row] = values[column];
                }
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return connection
                .preparedQuery(INSERT + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],"
                        + " $5::text[], $6::text[], $7::timestamptz[]) ON CONFLICT (event_id) DO NOTHING")
                .execute(Tuple.from(columns))
                .replaceWithVoid();
    }

    /** The outbox row of an event, in the order of {@link #INSERT}'s columns. */
    private Object[] rowOf(CloudEvent<? extends Day2Event> cloudEvent) throws JsonProcessingException {
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
