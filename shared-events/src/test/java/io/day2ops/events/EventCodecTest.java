package io.day2ops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.day2ops.events.fixtures.BackupRequestedBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void aStructuredModeRecordIsReadAsItsBinaryModeTwin() throws Exception {
        String value = """
                {"specversion":"1.0","id":"e-1","source":"/knative/kafkasink","type":"io.day2ops.backup.requested.v1",
                 "time":"2026-12-03T10:00:00Z","subject":"nightly","datacontenttype":"application/json",
                 "data":{"name":"nightly","cluster":"primary","snapshotVolumes":null}}""";

        CloudEvent<?> event = codec.parseRecord(
                "day2.backup.requested.v1", Map.of("content-type", "application/cloudevents+json"), value);

        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.source()).isEqualTo("/knative/kafkasink");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(((BackupRequested) event.data()).name()).isEqualTo("nightly");
        assertThat(event.dataJson()).as("nulls are unset").isEqualTo("{\"name\":\"nightly\",\"cluster\":\"primary\"}");
        assertThat(catchThrowableOfType(
                                InvalidEventException.class,
                                () -> codec.parseRecord(
                                        "day2.backup.requested.v1",
                                        Map.of("content-type", "application/cloudevents+json"),
                                        value.replace("\"data\":", "\"data_base64\":")))
                        .errors())
                .extracting(FieldError::field)
                .containsExactly("data_base64");
        assertThat(catchThrowableOfType(
                                InvalidEventException.class,
                                () -> codec.parseRecord(
                                        "day2.restore.requested.v1",
                                        Map.of("content-type", "application/cloudevents+json"),
                                        value))
                        .getMessage())
                .as("every check of binary mode applies")
                .contains("does not belong on topic day2.restore.requested.v1");
    }

    @Test
    void everyEventNamesItsSchemaInCeDataschema() {
        CloudEvent<BackupRequested> event = CloudEvent.of(
                "e-2",
                "/test",
                Instant.now(),
                BackupRequestedBuilder.backupRequested().name("a").cluster("c").build());

        assertThat(event.headers())
                .containsEntry("ce_dataschema", "https://day2ops.io/schemas/backup.requested.v1.schema.json");
    }

    @Test
    void parseReportsEveryBadFieldByName() {
        String json = """
                {"name": "Not_A_Name", "cluster": 7, "ttl": "thirty days", "includedNamespaces": ["default", "Bad NS"],
                 "labelSelector": {"matchExpressions": [{"key": "app", "operator": "Like"}]}}
                """;

        InvalidEventException e =
                catchThrowableOfType(InvalidEventException.class, () -> codec.parse(EventType.BACKUP_REQUESTED, json));

        assertThat(e.eventType()).isEqualTo("io.day2ops.backup.requested.v1");
        assertThat(e.errors())
                .extracting(FieldError::field)
                .contains(
                        "name",
                        "cluster",
                        "ttl",
                        "includedNamespaces[1]",
                        "labelSelector.matchExpressions[0].operator");
        assertThat(e.getMessage())
                .contains("cluster: ")
                .contains("string expected")
                .doesNotContain("Exception");
    }

    @Test
    void parseNamesTheBadFieldsOfAHook() {
        String json = """
                {"name": "b1", "cluster": "primary", "csiSnapshotTimeout": "soon",
                 "hooks": {"resources": [{"name": "freeze", "pre": [{"exec": {"command": [], "onError": "Ignore"}}]}]}}
                """;

        InvalidEventException e =
                catchThrowableOfType(InvalidEventException.class, () -> codec.parse(EventType.BACKUP_REQUESTED, json));

        assertThat(e.errors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "csiSnapshotTimeout",
                        "hooks.resources[0].pre[0].exec.command",
                        "hooks.resources[0].pre[0].exec.onError");
    }

    @Test
    void parseNamesMissingRequiredFields() {
        InvalidEventException e =
                catchThrowableOfType(InvalidEventException.class, () -> codec.parse(EventType.BACKUP_REQUESTED, "{}"));

        assertThat(e.errors())
                .containsExactly(new FieldError("cluster", "is required"), new FieldError("name", "is required"));
    }

    @Test
    void parseRejectsMalformedJsonWithAReadableReason() {
        InvalidEventException e = catchThrowableOfType(
                InvalidEventException.class, () -> codec.parse(EventType.BACKUP_REQUESTED, "{\"name\": "));

        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("$");
            assertThat(error.message()).startsWith("not valid JSON");
        });
    }

    @Test
    void parseIgnoresFieldsAddedByANewerProducer() throws Exception {
        BackupRequested parsed = codec.parse(
                EventType.BACKUP_REQUESTED,
                "{\"name\": \"b1\", \"cluster\": \"primary\", \"someFutureOption\": {\"x\": 1}}");

        assertThat(parsed.name()).isEqualTo("b1");
        assertThat(parsed.includedNamespaces()).isEmpty();
    }

    @Test
    void parseRecordChecksCloudEventHeaders() {
        Map<String, String> headers = new HashMap<>();
        headers.put("ce_specversion", "0.3");
        headers.put("ce_type", "io.day2ops.drill.requested.v1");
        headers.put("ce_time", "yesterday");

        InvalidEventException e = catchThrowableOfType(
                InvalidEventException.class,
                () -> codec.parseRecord("day2.backup.requested.v1", headers, "{\"name\":\"b1\",\"cluster\":\"c\"}"));

        assertThat(e.errors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time");
        assertThat(e.getMessage()).contains("does not belong on topic day2.backup.requested.v1");
    }

    @Test
    void parseRecordRejectsUnknownEventTypes() {
        Map<String, String> headers = Map.of(
                "ce_specversion", "1.0", "ce_id", "1", "ce_source", "/ci", "ce_type", "io.day2ops.backup.exploded.v1");

        InvalidEventException e = catchThrowableOfType(
                InvalidEventException.class, () -> codec.parseRecord("day2.backup.requested.v1", headers, "{}"));

        assertThat(e.errors())
                .containsExactly(new FieldError("ce_type", "unknown event type io.day2ops.backup.exploded.v1"));
    }

    @Test
    void envelopeRoundTripsThroughHeadersAndValue() throws Exception {
        BackupRequested request = BackupRequestedBuilder.backupRequested()
                .name("b1")
                .cluster("primary")
                .includedNamespaces(List.of("default"))
                .ttl("720h")
                .build();
        CloudEvent<BackupRequested> event =
                CloudEvent.of("id-1", "/day2ops/test", Instant.parse("2026-11-24T01:00:00Z"), request);

        CloudEvent<?> back = codec.parseRecord(event.topic(), event.headers(), codec.toJson(request));

        assertThat(back).usingRecursiveComparison().ignoringFields("dataJson").isEqualTo(event);
        assertThat(back.dataJson()).as("the data as received").isEqualTo(codec.toJson(request));
        assertThat(event.key()).isEqualTo("primary");
        assertThat(event.headers())
                .containsEntry("ce_type", "io.day2ops.backup.requested.v1")
                .containsEntry("ce_subject", "b1")
                .containsEntry("content-type", "application/json");
    }

    @Test
    void theTraceContextTravelsAsCeTraceparentAndAMalformedOneIsDroppedNotRefused() throws Exception {
        BackupRequested request = BackupRequestedBuilder.backupRequested()
                .name("b2")
                .cluster("primary")
                .build();
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        CloudEvent<BackupRequested> event =
                CloudEvent.of("id-2", "/day2ops/test", Instant.now(), request).withTraceparent(traceparent);

        assertThat(event.headers())
                .containsEntry("ce_traceparent", traceparent)
                .containsEntry("traceparent", traceparent);
        assertThat(codec.parseRecord(event.topic(), event.headers(), codec.toJson(request))
                        .traceparent())
                .isEqualTo(traceparent);
        // a producer that only writes the W3C header is followed too
        java.util.Map<String, String> w3cOnly = new java.util.HashMap<>(
                CloudEvent.of("id-3", "/ci", Instant.now(), request).headers());
        w3cOnly.put("traceparent", traceparent);
        assertThat(codec.parseRecord(event.topic(), w3cOnly, codec.toJson(request))
                        .traceparent())
                .isEqualTo(traceparent);
        // tracing never rejects an event
        for (String bad : List.of("garbage", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01", "01-x")) {
            java.util.Map<String, String> headers = new java.util.HashMap<>(w3cOnly);
            headers.put("ce_traceparent", bad);
            assertThat(codec.parseRecord(event.topic(), headers, codec.toJson(request))
                            .traceparent())
                    .as(bad)
                    .isNull();
        }
    }

    @Test
    void selectorsAndNamespaceMappingsCannotSmuggleInAnotherRequirement() throws Exception {
        for (String selector : List.of(
                "{\"matchLabels\": {\"app\": \"a,tier!=x\"}}",
                "{\"matchLabels\": {\"a b\": \"x\"}}",
                "{\"matchLabels\": {\"app\": \"!=x\"}}",
                "{\"matchExpressions\": [{\"key\": \"app,x\", \"operator\": \"Exists\"}]}",
                "{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"In\", \"values\": [\"a,b\"]}]}")) {
            String json = "{\"name\": \"b\", \"cluster\": \"primary\", \"labelSelector\": " + selector + "}";
            assertThatThrownBy(() -> codec.parse(EventType.BACKUP_REQUESTED, json))
                    .as(selector)
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("labelSelector");
        }
        String mapped = "{\"name\": \"r\", \"cluster\": \"standby\", \"backupName\": \"b\","
                + " \"namespaceMapping\": {\"default\": \"../kube-system\"}}";
        assertThatThrownBy(() -> codec.parse(EventType.RESTORE_REQUESTED, mapped))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("namespaceMapping");
        String fine = "{\"name\": \"b\", \"cluster\": \"primary\", \"labelSelector\": {\"matchLabels\":"
                + " {\"app.kubernetes.io/name\": \"critical-app\", \"tier\": \"\"}}}";
        assertThat(codec.parse(EventType.BACKUP_REQUESTED, fine).name()).isEqualTo("b");
    }
}
