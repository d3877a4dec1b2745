package io.day2ops.foundation.inbox;

import io.day2ops.events.CloudEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests the work turned down while processing a batch, with the reason: a request reusing the name of an existing
 * backup, restore, drill or gate changes nothing, and its sender is answered on the topic's dead-letter topic with the
 * reason, after the batch's transaction committed (an attempt rolled back forgets its refusals). One per attempt.
 */
public final class Refusals {

    private final Map<String, String> byEventId = new LinkedHashMap<>();

    /** Turns {@code event} down; it is dead-lettered with {@code reason} once the batch committed. */
    public void refuse(CloudEvent<?> event, String reason) {
        byEventId.putIfAbsent(event.id(), reason);
    }

    Map<String, String> byEventId() {
        return Map.copyOf(byEventId);
    }

    /** The reason for a request that reuses the name of an existing {@code kind}. */
    public static String nameTaken(String kind, String name, CloudEvent<?> event) {
        return kind + " '" + name + "' exists already; this request (" + event.id() + " from " + event.source()
                + ") changes nothing: a new " + kind + " needs a new name";
    }
}
