package io.day2ops.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudEvents' Kafka protocol binding, structured mode: the record's value is the whole event as JSON ({@code
 * specversion}, {@code id}, {@code source}, {@code type}, {@code time}, {@code subject}, {@code datacontenttype},
 * {@code traceparent}, {@code data}) and its {@code content-type} header is {@code application/cloudevents+json}, as
 * Knative's KafkaSink sends by default. Read as the binary mode the rest of day2ops speaks: the attributes become the
 * {@code ce_*} headers they stand for, {@code data} the value; every check of binary mode then applies.
 */
final class StructuredMode {

    /** A record as binary mode carries it. */
    record Binary(Map<String, String> headers, String value) {}

    private static final Map<String, String> ATTRIBUTES = Map.of(
            "specversion", CloudEvent.HEADER_SPEC_VERSION,
            "id", CloudEvent.HEADER_ID,
            "source", CloudEvent.HEADER_SOURCE,
            "type", CloudEvent.HEADER_TYPE,
            "time", CloudEvent.HEADER_TIME,
            "subject", CloudEvent.HEADER_SUBJECT,
            "dataschema", CloudEvent.HEADER_DATA_SCHEMA,
            "traceparent", CloudEvent.HEADER_TRACEPARENT);

    private StructuredMode() {}

    static Binary toBinary(ObjectMapper mapper, Map<String, String> headers, String value)
            throws InvalidEventException {
        JsonNode envelope;
        try {
            envelope = mapper.readTree(value == null ? "" : value);
        } catch (JsonProcessingException e) {
            throw invalid("$", "a structured-mode CloudEvent must be a JSON object: " + e.getOriginalMessage());
        }
        if (envelope == null || !envelope.isObject()) {
            throw invalid("$", "a structured-mode CloudEvent must be a JSON object");
        }
        if (envelope.has("data_base64")) {
            throw invalid("data_base64", "day2ops events carry JSON data; send it as data, not data_base64");
        }
        Map<String, String> binary = new LinkedHashMap<>(headers);
        binary.remove(CloudEvent.HEADER_CONTENT_TYPE);
        ATTRIBUTES.forEach((attribute, header) -> {
            JsonNode attributeValue = envelope.get(attribute);
            if (attributeValue != null && !attributeValue.isNull()) {
                binary.put(header, attributeValue.asText());
            }
        });
        JsonNode contentType = envelope.get("datacontenttype");
        binary.put(
                CloudEvent.HEADER_CONTENT_TYPE,
                contentType == null || contentType.isNull() ? CloudEvent.CONTENT_TYPE_JSON : contentType.asText());
        JsonNode data = envelope.get("data");
        if (data == null || data.isNull()) {
            throw invalid("data", "a structured-mode CloudEvent needs its data");
        }
        return new Binary(binary, data.isTextual() ? data.asText() : data.toString());
    }

    private static InvalidEventException invalid(String field, String message) {
        return new InvalidEventException("unknown", List.of(new FieldError(field, message)));
    }
}
