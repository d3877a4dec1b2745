package io.day2ops.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns events into JSON and back. Parsing validates against the type's JSON Schema first and reports every bad field
 * by name; unknown fields are ignored so that producers may add optional fields (the only allowed evolution).
 *
 * <p>Thread-safe; build one and share it.
 */
public final class EventCodec {

    private final ObjectMapper mapper;
    private final Map<EventType<?>, JsonSchema> schemas = new HashMap<>();

    public EventCodec() {
        this.mapper = newObjectMapper();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        // Timestamps are checked, not just annotated: a bad ce_time or startedAt is named like any other field.
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (EventType<?> type : EventType.ALL) {
            try (InputStream in = EventCodec.class.getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("missing JSON Schema " + type.schemaResource());
                }
                schemas.put(type, factory.getSchema(in, config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The mapper events are written with: ISO-8601 instants, absent fields left out. */
    public static ObjectMapper newObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The event's data as the JSON value of a Kafka record. */
    public String toJson(Day2Event event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + event.getClass().getSimpleName(), e);
        }
    }

    /** Parses and validates the data of an event of the given type. */
    public <T extends Day2Event> T parse(EventType<T> type, String json) throws InvalidEventException {
        return read(type, tree(type, json));
    }

    /** The data as a tree: parsed, {@code null} fields removed, validated against the type's schema. */
    private JsonNode tree(EventType<?> type, String json) throws InvalidEventException {
        JsonNode node;
        try {
            node = mapper.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(
                    type.ceType(), List.of(new FieldError("$", "not valid JSON: " + jsonProblem(e))));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new InvalidEventException(
                    type.ceType(), List.of(new FieldError("$", "empty value, expected a JSON object")));
        }
        dropNulls(node); // null means unset, as in Kubernetes and Velero specs
        List<FieldError> errors = validate(type, node);
        if (!errors.isEmpty()) {
            throw new InvalidEventException(type.ceType(), errors);
        }
        return node;
    }

    private <T extends Day2Event> T read(EventType<T> type, JsonNode node) throws InvalidEventException {
        try {
            return mapper.treeToValue(node, type.javaType());
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(type.ceType(), List.of(new FieldError("$", e.getOriginalMessage())));
        }
    }

    /** Removes every field whose value is {@code null}, at any depth: {@code "snapshotVolumes": null} is unset. */
    public static void dropNulls(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.properties().removeIf(field -> field.getValue().isNull());
            object.forEach(EventCodec::dropNulls);
        } else if (node.isArray()) {
            node.forEach(EventCodec::dropNulls);
        }
    }

    /** Validates a JSON document against the type's schema; empty when it conforms. */
    public List<FieldError> validate(EventType<?> type, JsonNode node) {
        List<FieldError> errors = new ArrayList<>();
        for (ValidationMessage message : schemas.get(type).validate(node)) {
            errors.add(toFieldError(message));
        }
        return errors.stream()
                .distinct()
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
    }

    /**
     * Parses a Kafka record in CloudEvents binary mode: checks the {@code ce_*} headers, that the type belongs on the
     * topic it came from, and the data.
     *
     * @param topic the topic the record was read from
     * @param headers the record's headers (last value per name)
     * @param value the record's value
     */
    public CloudEvent<?> parseRecord(String topic, Map<String, String> headers, String value)
            throws InvalidEventException {
        String recordContentType = headers.get(CloudEvent.HEADER_CONTENT_TYPE);
        if (recordContentType != null && recordContentType.startsWith(CloudEvent.CONTENT_TYPE_STRUCTURED)) {
            StructuredMode.Binary binary = StructuredMode.toBinary(mapper, headers, value);
            headers = binary.headers();
            value = binary.value();
        }
        String ceType = headers.get(CloudEvent.HEADER_TYPE);
        List<FieldError> errors = new ArrayList<>();
        if (!CloudEvent.SPEC_VERSION.equals(headers.get(CloudEvent.HEADER_SPEC_VERSION))) {
            errors.add(new FieldError(
                    CloudEvent.HEADER_SPEC_VERSION, "must be 1.0, was " + headers.get(CloudEvent.HEADER_SPEC_VERSION)));
        }
        requireHeader(headers, CloudEvent.HEADER_ID, errors);
        requireHeader(headers, CloudEvent.HEADER_SOURCE, errors);
        EventType<?> type = null;
        if (ceType == null || ceType.isBlank()) {
            errors.add(new FieldError(CloudEvent.HEADER_TYPE, "missing"));
        } else {
            type = EventType.byCeType(ceType).orElse(null);
            if (type == null) {
                errors.add(new FieldError(CloudEvent.HEADER_TYPE, "unknown event type " + ceType));
            } else if (!type.topic().equals(topic)) {
                errors.add(new FieldError(
                        CloudEvent.HEADER_TYPE,
                        ceType + " does not belong on topic " + topic + " (it goes to " + type.topic() + ")"));
            }
        }
        Instant time = null;
        String rawTime = headers.get(CloudEvent.HEADER_TIME);
        if (rawTime != null) {
            try {
                time = Instant.parse(rawTime);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(CloudEvent.HEADER_TIME, "not an RFC 3339 timestamp: " + rawTime));
            }
        }
        String contentType = headers.get(CloudEvent.HEADER_CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(CloudEvent.CONTENT_TYPE_JSON)) {
            errors.add(new FieldError(CloudEvent.HEADER_CONTENT_TYPE, "must be application/json, was " + contentType));
        }
        String typeName = ceType == null ? "unknown" : ceType;
        if (!errors.isEmpty()) {
            throw new InvalidEventException(typeName, errors);
        }
        JsonNode tree = tree(type, value);
        Day2Event data = read(type, tree);
        return new CloudEvent<>(
                headers.get(CloudEvent.HEADER_ID),
                headers.get(CloudEvent.HEADER_SOURCE),
                ceType,
                time,
                headers.getOrDefault(CloudEvent.HEADER_SUBJECT, data.subject()),
                data,
                headers.getOrDefault(CloudEvent.HEADER_TRACEPARENT, headers.get(CloudEvent.HEADER_W3C_TRACEPARENT)),
                tree.toString());
    }

    /** Jackson's message without its source-location tail, plus line and column. */
    private static String jsonProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int tail = message.indexOf(" (start marker at");
        if (tail < 0) {
            tail = message.indexOf("\n at [Source");
        }
        String problem = tail < 0 ? message : message.substring(0, tail);
        return e.getLocation() == null
                ? problem
                : problem + " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
    }

    /** Decodes raw header bytes the way they are written: UTF-8. */
    public static String headerValue(byte[] raw) {
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    private static void requireHeader(Map<String, String> headers, String name, List<FieldError> errors) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(name, "missing"));
        }
    }

    private static FieldError toFieldError(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        String field = fieldPath(location);
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            field = field.equals("$") ? message.getProperty() : field + "." + message.getProperty();
            return new FieldError(field, "is required");
        }
        String text = message.getMessage();
        String prefix = location + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        return new FieldError(field, text);
    }

    /** {@code /labelSelector/matchExpressions/0/operator} becomes {@code labelSelector.matchExpressions[0].operator}. */
    static String fieldPath(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/") || pointer.equals("$")) {
            return "$";
        }
        StringBuilder path = new StringBuilder();
        for (String segment : pointer.substring(pointer.startsWith("/") ? 1 : 0).split("/")) {
            String unescaped = segment.replace("~1", "/").replace("~0", "~");
            if (unescaped.chars().allMatch(Character::isDigit) && !unescaped.isEmpty()) {
                path.append('[').append(unescaped).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(unescaped);
            }
        }
        return path.toString();
    }
}
