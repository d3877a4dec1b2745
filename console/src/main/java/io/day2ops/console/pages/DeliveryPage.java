package io.day2ops.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.console.fleet.Words;
import io.quarkus.qute.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The delivery page: each service's outbox, and every topic's dead letters with their reasons. */
public final class DeliveryPage {

    /** One service's outbox, in words; {@code problem} when the service did not say. */
    public record Outbox(String service, String health, long pending, String oldest, long parked, String problem) {

        /** From the service's {@code GET /outbox} answer, or its refusal. */
        public static Outbox of(String service, int status, JsonNode state) {
            if (status != 200 || state == null) {
                return new Outbox(service, "WARNING", 0, "", 0, service + " answered " + status);
            }
            long pending = state.path("pending").asLong();
            long parked = state.path("parked").size();
            double oldestSeconds = state.path("oldestPendingAgeSeconds").asDouble(0);
            String health = parked > 0 ? "CRITICAL" : oldestSeconds > 60 ? "WARNING" : "OK";
            String oldest = pending == 0 ? "-" : Words.duration(Duration.ofMillis((long) (oldestSeconds * 1000)));
            return new Outbox(service, health, pending, oldest, parked, null);
        }
    }

    private final Template template = Templates.get("delivery");

    public <T> String render(List<Outbox> outboxes, List<T> topics, String deadLettersProblem, Viewer viewer) {
        return template.instance()
                .data("outboxes", outboxes)
                .data("topics", topics)
                .data("deadLettersProblem", deadLettersProblem)
                .data("drawnAt", Instant.now().toString())
                .data("viewer", viewer)
                .render();
    }
}
