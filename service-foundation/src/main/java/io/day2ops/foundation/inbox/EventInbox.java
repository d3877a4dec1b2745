package io.day2ops.foundation.inbox;

import io.day2ops.events.CloudEvent;
import io.day2ops.foundation.runtime.NativeStatements;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** Remembers which CloudEvent ids a consumer has processed, in the same transaction as the processing. */
@ApplicationScoped
public class EventInbox {

    private final Clock clock;

    public EventInbox(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records that {@code consumer} is processing these events, in one statement. Must run inside
     * {@code Panache.withTransaction}.
     *
     * @return the ids seen for the first time; the others were processed before and must change nothing
     */
    public Uni<Set<String>> firstDeliveries(String consumer, String topic, List<CloudEvent<?>> events) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        List<Object[]> rows = events.stream()
                .map(event -> new Object[] {consumer, event.id(), topic, now})
                .toList();
        return NativeStatements.insertRows(
                        "inbox_event",
                        List.of("consumer", "event_id", "topic", "received_at"),
                        "ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id",
                        rows,
                        String.class)
                .map(Set::copyOf);
    }
}
