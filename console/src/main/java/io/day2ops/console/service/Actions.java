package io.day2ops.console.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.EventCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * What an operator's buttons do: each action becomes the service's own HTTP command (the same the CLI sends), made
 * with the operator's token. The console only names the request and fills in what the form asked; the service checks
 * everything again and answers 202, 400 naming the field, 403 or 409, which the page shows as it came.
 */
@ApplicationScoped
public class Actions {

    /** An action's answer: the service's status and body, and where the page goes next when it was accepted. */
    public record Outcome(int status, String body, String location) {}

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** Kind as in the console's URLs, to the service and path that serve it. */
    private static final Map<String, String[]> KINDS = Map.of(
            "backups", new String[] {"backup", "/backups"},
            "restores", new String[] {"backup", "/restores"},
            "drills", new String[] {"dr", "/drills"},
            "gates", new String[] {"upgrade", "/gates"},
            "rollouts", new String[] {"upgrade", "/rollouts"},
            "drains", new String[] {"upgrade", "/drains"});

    private final ServiceCalls calls;

    public Actions(ServiceCalls calls) {
        this.calls = calls;
    }

    /**
     * Starts a {@code kind} from the form's fields.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public Uni<Outcome> start(String kind, JsonNode form, String token) {
        String cluster = required(form, "cluster");
        ObjectNode request = JSON.createObjectNode();
        String name = text(form, "name");
        if (name == null) {
            name = prefix(kind) + "-" + cluster + "-" + NAME_TIME.format(Instant.now());
        }
        request.put("name", name).put("cluster", cluster);
        switch (kind) {
            case "backups" -> {
                List<String> namespaces = list(form, "includedNamespaces");
                if (!namespaces.isEmpty()) {
                    request.set("includedNamespaces", JSON.valueToTree(namespaces));
                }
            }
            case "restores" -> {
                request.put("backupName", required(form, "backupName"));
                request.set("namespaceMapping", JSON.valueToTree(mapping(text(form, "namespaceMapping"))));
            }
            case "drills" -> {
                request.put("targetCluster", required(form, "targetCluster"));
                request.set("namespaceMapping", JSON.valueToTree(mapping(text(form, "namespaceMapping"))));
                copy(form, request, "rtoObjective");
                copy(form, request, "rpoObjective");
                copy(form, request, "backupName");
            }
            case "gates" ->
                request.put("targetVersion", required(form, "targetVersion")).put("gateOnly", true);
            default -> throw new IllegalArgumentException("the console does not start " + kind);
        }
        String[] where = KINDS.get(kind);
        String location = "/" + kind + "/" + name;
        return calls.post(where[0], where[1], request.toString(), token)
                .map(reply -> new Outcome(reply.status(), reply.body(), reply.ok() ? location : null));
    }

    /** Cancels the {@code kind} named {@code name}, as the person whose token this is. */
    public Uni<Outcome> cancel(String kind, String name, String token) {
        String[] where = KINDS.get(kind);
        return calls.post(where[0], where[1] + "/" + name + "/cancel", null, token)
                .map(reply -> new Outcome(reply.status(), reply.body(), reply.ok() ? "/" + kind + "/" + name : null));
    }

    private static String prefix(String kind) {
        return kind.substring(0, kind.length() - 1);
    }

    private static String required(JsonNode form, String field) {
        String value = text(form, field);
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static String text(JsonNode form, String field) {
        JsonNode value = form.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be text");
        }
        return value.asText().trim();
    }

    private static void copy(JsonNode form, ObjectNode request, String field) {
        String value = text(form, field);
        if (value != null) {
            request.put(field, value);
        }
    }

    private static List<String> list(JsonNode form, String field) {
        String value = text(form, field);
        return value == null
                ? List.of()
                : List.of(value.split("\\s*,\\s*")).stream()
                        .filter(s -> !s.isBlank())
                        .toList();
    }

    /** {@code "a:b, c:d"} as a namespace mapping. */
    static Map<String, String> mapping(String text) {
        if (text == null) {
            return Map.of();
        }
        Map<String, String> mapping = new java.util.LinkedHashMap<>();
        for (String pair : text.split("\\s*,\\s*")) {
            String[] parts = pair.split(":", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException(
                        "namespaceMapping: '" + pair + "' is not source:target (e.g. default:restored)");
            }
            mapping.put(parts[0].trim(), parts[1].trim());
        }
        return mapping;
    }
}
