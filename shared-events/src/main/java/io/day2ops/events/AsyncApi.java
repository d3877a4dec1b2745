package io.day2ops.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The AsyncAPI 3.0 document of the bus, generated from {@link EventType#ALL} and the JSON Schemas, as an integrating
 * system sees it: one channel per topic (and one per dead-letter topic), one message per event type whose payload is
 * its JSON Schema (by reference to the schema file) and whose headers are the CloudEvents binary-mode headers; it
 * sends the requests ({@code *Requested}) and receives the answers. Written to {@code docs/asyncapi.json}; {@code
 * AsyncApiTest} fails when that file differs from what this generates, so it never drifts.
 */
public final class AsyncApi {

    /** Where the schemas are, relative to {@code docs/}. */
    static final String SCHEMAS = "../shared-events/src/main/resources/schemas/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AsyncApi() {}

    /** The document. */
    public static ObjectNode document() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "day2ops events");
        info.put("version", "1.0.0");
        info.put(
                "description",
                "Backups, restores, upgrade gates, rollouts, drains, drills and failovers of Kubernetes clusters as"
                        + " CloudEvents 1.0 on Apache Kafka. Binary mode (the ce_* headers, the JSON data as the value,"
                        + " the cluster as the key) is what day2ops writes; structured mode (content-type"
                        + " application/cloudevents+json) is read too. A null field is unset. Every record that cannot"
                        + " be parsed or validated is copied to <topic>.dlq with a dead-letter-reason header."
                        + " Generated from shared-events (io.day2ops.events.AsyncApi); do not edit by hand.");
        doc.put("defaultContentType", CloudEvent.CONTENT_TYPE_JSON);
        ObjectNode servers = doc.putObject("servers");
        ObjectNode local = servers.putObject("local");
        local.put("host", "127.0.0.1:9092");
        local.put("protocol", "kafka-secure");
        local.put("description", "./day2 up: SASL_SSL with SCRAM-SHA-512, one principal per service and client");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        components.putObject("schemas").set("CloudEventHeaders", headers());
        for (EventType<?> type : EventType.ALL) {
            String name = type.javaType().getSimpleName();
            String id = Character.toLowerCase(name.charAt(0)) + name.substring(1);
            JsonNode schema = schema(type);
            ObjectNode message = messages.putObject(name);
            message.put("name", name);
            message.put("title", type.ceType());
            message.put("summary", schema.path("description").asText());
            message.put("contentType", CloudEvent.CONTENT_TYPE_JSON);
            message.putObject("headers").put("$ref", "#/components/schemas/CloudEventHeaders");
            message.putObject("payload").put("$ref", SCHEMAS + schemaFile(type));
            ObjectNode bindings = message.putObject("bindings").putObject("kafka");
            bindings.putObject("key").put("type", "string").put("description", "the cluster");
            bindings.put("bindingVersion", "0.5.0");

            channel(channels, id, type.topic(), name, "Topic " + type.topic() + ": " + type.ceType() + ".");
            channel(
                    channels,
                    id + "DeadLetters",
                    type.deadLetterTopic(),
                    name,
                    "Records of " + type.topic() + " that could not be parsed or validated, value and headers"
                            + " untouched, plus dead-letter-reason, dead-letter-topic, dead-letter-partition,"
                            + " dead-letter-offset and dead-letter-consumer.");
            boolean request = name.endsWith("Requested");
            ObjectNode operation = operations.putObject((request ? "send" : "receive") + name);
            operation.put("action", request ? "send" : "receive");
            operation.putObject("channel").put("$ref", "#/channels/" + id);
            operation.put(
                    "summary",
                    request
                            ? "Ask day2ops: publish " + name + " (the producer's principal needs WRITE on the topic)."
                            : "Read day2ops' answer " + name + ".");
            operation.putArray("messages").addObject().put("$ref", "#/channels/" + id + "/messages/" + name);
        }
        return doc;
    }

    private static void channel(ObjectNode channels, String id, String topic, String message, String description) {
        ObjectNode channel = channels.putObject(id);
        channel.put("address", topic);
        channel.put("description", description);
        channel.putObject("messages").putObject(message).put("$ref", "#/components/messages/" + message);
    }

    /** The CloudEvents binary-mode headers, as a JSON Schema. */
    private static ObjectNode headers() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        ArrayNode required = schema.putArray("required");
        ObjectNode properties = schema.putObject("properties");
        header(properties, required, CloudEvent.HEADER_SPEC_VERSION, "Always 1.0.", true);
        header(properties, required, CloudEvent.HEADER_ID, "Unique per event; consumers deduplicate on it.", true);
        header(properties, required, CloudEvent.HEADER_SOURCE, "The producer, e.g. /day2ops/backup-service.", true);
        header(
                properties,
                required,
                CloudEvent.HEADER_TYPE,
                "The event type, e.g. io.day2ops.backup.requested.v1.",
                true);
        header(properties, required, CloudEvent.HEADER_TIME, "When it happened (RFC 3339).", false);
        header(properties, required, CloudEvent.HEADER_SUBJECT, "The backup, restore, gate, ... it is about.", false);
        header(properties, required, CloudEvent.HEADER_DATA_SCHEMA, "The $id of the data's JSON Schema.", false);
        header(properties, required, CloudEvent.HEADER_CONTENT_TYPE, "application/json.", false);
        header(properties, required, CloudEvent.HEADER_TRACEPARENT, "W3C trace context (also as traceparent).", false);
        return schema;
    }

    private static void header(ObjectNode properties, ArrayNode required, String name, String text, boolean needed) {
        properties.putObject(name).put("type", "string").put("description", text);
        if (needed) {
            required.add(name);
        }
    }

    static String schemaFile(EventType<?> type) {
        return type.schemaResource().substring(type.schemaResource().lastIndexOf('/') + 1);
    }

    private static JsonNode schema(EventType<?> type) {
        try (InputStream in = AsyncApi.class.getResourceAsStream(type.schemaResource())) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.schemaResource(), e);
        }
    }
}
