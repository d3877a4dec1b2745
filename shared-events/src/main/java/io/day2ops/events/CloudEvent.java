package io.day2ops.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A CloudEvents 1.0 envelope around a day2ops event, as carried on Kafka in binary mode: the attributes travel as
 * {@code ce_*} headers, the data as the JSON value, the cluster as the record key. Structured mode (the whole envelope
 * as the value, {@code content-type: application/cloudevents+json}, as Knative's KafkaSink sends) is read too.
 *
 * @param id unique per event; a redelivered or re-published event keeps its id, so consumers deduplicate on it
 * @param source the URI-reference of the producer, e.g. {@code /day2ops/backup-service}
 * @param type the CloudEvents type, e.g. {@code io.day2ops.backup.requested.v1}
 * @param time when the event happened
 * @param subject the name of the backup, restore, upgrade, rollout or drill
 * @param data the event's data
 * @param traceparent the W3C trace context of the work that produced it (CloudEvents' distributed tracing extension,
 *     header {@code ce_traceparent}, also written as the plain W3C {@code traceparent} header), or null; optional
 * @param dataJson the data as it was received, {@code null} fields removed: with the fields the record does not have
 *     (a Velero field day2ops does not implement, a typo), which the consumer names in warnings; null for an event
 *     made here
 * @param <T> the data's record type
 */
public record CloudEvent<T extends Day2Event>(
        String id,
        String source,
        String type,
        Instant time,
        String subject,
        T data,
        String traceparent,
        String dataJson) {

    public static final String SPEC_VERSION = "1.0";
    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_TIME = "ce_time";
    public static final String HEADER_SUBJECT = "ce_subject";
    public static final String HEADER_CONTENT_TYPE = "content-type";
    /** The {@code $id} of the data's JSON Schema. */
    public static final String HEADER_DATA_SCHEMA = "ce_dataschema";
    /** CloudEvents' distributed tracing extension in Kafka binary mode. */
    public static final String HEADER_TRACEPARENT = "ce_traceparent";
    /** The W3C trace context header, as OpenTelemetry's Kafka instrumentations read it. */
    public static final String HEADER_W3C_TRACEPARENT = "traceparent";

    /** A W3C {@code traceparent} of version 00: version, trace id, parent span id, flags. */
    private static final java.util.regex.Pattern TRACEPARENT =
            java.util.regex.Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    public static final String CONTENT_TYPE_JSON = "application/json";
    /** Structured mode: the record's value is the whole envelope. */
    public static final String CONTENT_TYPE_STRUCTURED = "application/cloudevents+json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (traceparent != null && !isTraceparent(traceparent)) {
            traceparent = null; // tracing never rejects an event: a malformed trace context is dropped
        }
    }

    /** An envelope made here: no received JSON. */
    public CloudEvent(String id, String source, String type, Instant time, String subject, T data, String traceparent) {
        this(id, source, type, time, subject, data, traceparent, null);
    }

    /** An envelope without trace context. */
    public CloudEvent(String id, String source, String type, Instant time, String subject, T data) {
        this(id, source, type, time, subject, data, null);
    }

    /** Whether {@code value} is a W3C traceparent (version 00) with non-zero ids. */
    public static boolean isTraceparent(String value) {
        return value != null
                && TRACEPARENT.matcher(value).matches()
                && !value.substring(3, 35).equals("0".repeat(32))
                && !value.substring(36, 52).equals("0".repeat(16));
    }

    /** This envelope carrying {@code traceparent} (null: none). */
    public CloudEvent<T> withTraceparent(String traceparent) {
        return new CloudEvent<>(id, source, type, time, subject, data, traceparent, dataJson);
    }

    /** Wraps {@code data} in a new envelope with the given id and time. */
    public static <T extends Day2Event> CloudEvent<T> of(String id, String source, Instant time, T data) {
        return new CloudEvent<>(id, source, EventType.of(data).ceType(), time, data.subject(), data);
    }

    /** The record key: the cluster. */
    public String key() {
        return data.cluster();
    }

    /** The topic this event belongs on. */
    public String topic() {
        return EventType.of(data).topic();
    }

    /** The Kafka headers of binary mode, in a stable order. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HEADER_SPEC_VERSION, SPEC_VERSION);
        headers.put(HEADER_ID, id);
        headers.put(HEADER_SOURCE, source);
        headers.put(HEADER_TYPE, type);
        if (time != null) {
            headers.put(HEADER_TIME, time.toString());
        }
        if (subject != null) {
            headers.put(HEADER_SUBJECT, subject);
        }
        headers.put(HEADER_CONTENT_TYPE, CONTENT_TYPE_JSON);
        EventType.byCeType(type).ifPresent(t -> headers.put(HEADER_DATA_SCHEMA, t.schemaId()));
        if (traceparent != null) {
            headers.put(HEADER_TRACEPARENT, traceparent);
            headers.put(HEADER_W3C_TRACEPARENT, traceparent);
        }
        return headers;
    }
}
