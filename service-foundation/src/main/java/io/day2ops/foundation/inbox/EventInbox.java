package io.day2ops.foundation.inbox;

import io.day2ops.foundation.runtime.NativeStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Remembers which CloudEvent ids a consumer has processed, and a digest of each one's payload, in the same transaction
 * as the processing. An id seen before with the same payload is a redelivery; with a different payload it is another
 * event reusing the id, which the caller dead-letters rather than dropping silently.
 */
@ApplicationScoped
public class EventInbox {

    private final Clock clock;

    public EventInbox(Clock clock) {
        this.clock = clock;
    }

    /** An event as the inbox sees it: its id and the SHA-256 of its payload. */
    public record Delivery(String id, String payloadSha256) {}

    /**
     * What {@link #firstDeliveries} found.
     *
     * @param first the ids seen for the first time: process them
     * @param reused the ids processed before with a different payload, each with the digest stored for it
     */
    public record Deliveries(Set<String> first, Map<String, String> reused) {}

    /** The digest stored for a payload. */
    public static String digest(String payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of()
                    .formatHex(sha.digest(Objects.toString(payload, "").getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Records that {@code consumer} is processing these events (ids unique), in one statement, and looks up the stored
     * digest of those it has seen before. Must run inside {@code Panache.withTransaction}.
     */
    public Uni<Deliveries> firstDeliveries(String consumer, String topic, List<Delivery> events) {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        List<Object[]> rows = events.stream()
                .map(event -> new Object[] {consumer, event.id(), topic, now, event.payloadSha256()})
                .toList();
        return NativeStatements.insertRows(
                        "inbox_event",
                        List.of("consumer", "event_id", "topic", "received_at", "payload_sha256"),
                        "ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id",
                        rows,
                        String.class)
                .chain(inserted -> {
                    Set<String> first = Set.copyOf(inserted);
                    List<Delivery> again =
                            events.stream().filter(e -> !first.contains(e.id())).toList();
                    if (again.isEmpty()) {
                        return Uni.createFrom().item(new Deliveries(first, Map.of()));
                    }
                    return storedDigests(
                                    consumer, again.stream().map(Delivery::id).toList())
                            .map(stored -> {
                                Map<String, String> reused = new HashMap<>();
                                for (Delivery delivery : again) {
                                    String before = stored.get(delivery.id());
                                    // no digest: processed before digests were kept, nothing to compare
                                    if (before != null && !before.equals(delivery.payloadSha256())) {
                                        reused.put(delivery.id(), before);
                                    }
                                }
                                return new Deliveries(first, reused);
                            });
                });
    }

    private static Uni<Map<String, String>> storedDigests(String consumer, List<String> ids) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT event_id, payload_sha256 FROM inbox_event WHERE consumer = ?1"
                                        + " AND event_id IN (?2)",
                                Object[].class)
                        .setParameter(1, consumer)
                        .setParameter(2, ids)
                        .getResultList())
                .map(rows -> {
                    Map<String, String> digests = new HashMap<>();
                    for (Object[] row : rows) {
                        if (row[1] != null) {
                            digests.put((String) row[0], (String) row[1]);
                        }
                    }
                    return digests;
                });
    }
}
