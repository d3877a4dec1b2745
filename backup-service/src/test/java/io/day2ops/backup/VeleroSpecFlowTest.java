package io.day2ops.backup;

import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Velero's documented samples sent as a Velero user sends them — onto the bus, {@code null}s and all: refused with
 * the reason and the alternative where ignoring a field would lose data, else run with every field day2ops does not
 * act on named in the answer's warnings; a restore naming a schedule restores its newest backup; an event in
 * CloudEvents structured mode (as Knative's KafkaSink sends it) is read like binary mode.
 */
@Day2FlowTest
class VeleroSpecFlowTest {

    private static final EventCodec CODEC = new EventCodec();

    @InjectBus
    BusClient events;

    @Test
    void theDocumentedBackupAndRestoreAreRefusedWhereIgnoringLosesDataAndElseNameWhatTheyIgnore() throws Exception {
        ObjectNode backup = sample("backup");
        backup.remove("storageLocation"); // the lab's default location, not the sample's aws-primary
        String refused = unique("velero");
        send(EventType.BACKUP_REQUESTED, backup.put("name", refused));
        BackupFailed failed = await(EventType.BACKUP_FAILED, refused);
        assertThat(failed.reason())
                .startsWith("Rejected: defaultVolumesToFsBackup: a file-system backup of pod volumes")
                .contains("use snapshotVolumes: true");

        backup.remove("defaultVolumesToFsBackup");
        String both = unique("velero");
        send(EventType.BACKUP_REQUESTED, backup.put("name", both));
        assertThat(await(EventType.BACKUP_FAILED, both).reason())
                .as("the sample gives labelSelector and orLabelSelectors, which Velero refuses together too")
                .startsWith("Rejected: labelSelector, orLabelSelectors: only one can be given");

        backup.remove("labelSelector");
        String taken = unique("velero");
        send(EventType.BACKUP_REQUESTED, backup.put("name", taken));
        SnapshotTaken snapshot = await(EventType.SNAPSHOT_TAKEN, taken);
        assertThat(snapshot.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(snapshot.warningMessages())
                .as("every Velero field day2ops ignores is named")
                .anyMatch(w -> w.contains("'volumeSnapshotLocations' is not implemented"))
                .anyMatch(w -> w.contains("'orderedResources' is not implemented"))
                .anyMatch(w -> w.contains("'itemOperationTimeout' is not implemented"))
                .noneMatch(w -> w.contains("'orLabelSelectors'"))
                .noneMatch(w -> w.contains("'includeClusterResources'") || w.contains("'snapshotVolumes'"));
        assertThat(snapshot.warnings()).isGreaterThanOrEqualTo(6);

        ObjectNode restore = sample("restore");
        restore.put("backupName", taken);
        String refusedRestore = unique("velero-restore");
        send(EventType.RESTORE_REQUESTED, restore.put("name", refusedRestore));
        RestoreCompleted rejected = await(EventType.RESTORE_COMPLETED, refusedRestore);
        assertThat(rejected.phase()).isEqualTo(BackupPhase.Failed);
        assertThat(rejected.failureReason())
                .startsWith("Rejected: labelSelector, orLabelSelectors: only one can be given");

        restore.remove("labelSelector");
        String restored = unique("velero-restore");
        send(EventType.RESTORE_REQUESTED, restore.put("name", restored));
        RestoreCompleted done = await(EventType.RESTORE_COMPLETED, restored);
        assertThat(done.phase()).as(String.valueOf(done.failureReason())).isEqualTo(BackupPhase.Completed);
        assertThat(done.warningMessages())
                .extracting(w -> w.substring(0, w.indexOf(" was ignored")))
                .containsExactly(
                        "Velero field 'itemOperationTimeout' is not implemented and",
                        "Velero field 'uploaderConfig' is not implemented and",
                        "Velero field 'restoreStatus' is not implemented and");
    }

    @Test
    void aRestoreWithOrLabelSelectorsPlansOnlyTheObjectsMatchingOneOfThem() throws Exception {
        String backup = unique("or-selected");
        events.publish(BackupRequestedBuilder.backupRequested()
                .name(backup)
                .cluster("primary")
                .includedNamespaces(List.of("default"))
                .includedResources(List.of("configmaps", "services", "deployments"))
                .build());
        await(EventType.SNAPSHOT_TAKEN, backup);

        ObjectNode restore = Json.MAPPER
                .createObjectNode()
                .put("cluster", "standby")
                .put("backupName", backup)
                .put("dryRun", true);
        restore.putObject("namespaceMapping").put("default", unique("or-target"));
        restore.putArray("orLabelSelectors")
                .add(Json.MAPPER
                        .createObjectNode()
                        .set("matchLabels", Json.MAPPER.createObjectNode().put("app", "critical-app")))
                .add(Json.MAPPER
                        .createObjectNode()
                        .set("matchLabels", Json.MAPPER.createObjectNode().put("app", "nothing")));
        String name = unique("or-restore");
        send(EventType.RESTORE_REQUESTED, restore.put("name", name));
        RestoreCompleted done = await(EventType.RESTORE_COMPLETED, name);
        assertThat(done.phase()).as(String.valueOf(done.failureReason())).isEqualTo(BackupPhase.Completed);

        com.fasterxml.jackson.databind.JsonNode diff = Json.tree(io.day2ops.testing.Api.asUser("viewer")
                .get("/restores/" + name + "/diff")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        List<String> planned = new java.util.ArrayList<>();
        List<String> skipped = new java.util.ArrayList<>();
        diff.path("objects").forEach(o -> {
            String object = o.path("resource").asText() + " " + o.path("name").asText();
            if (o.path("change").asText().equals("create")) {
                planned.add(object);
            } else if (o.path("change").asText().equals("skipped")
                    && o.path("reason").asText().equals("none of the orLabelSelectors matches")) {
                skipped.add(object);
            }
        });
        assertThat(planned)
                .as(diff.toPrettyString())
                .containsExactlyInAnyOrder("services critical-app", "deployments.apps critical-app");
        assertThat(skipped).as(diff.toPrettyString()).contains("configmaps critical-app-config");
    }

    @Test
    void aRestoreNamingAScheduleRestoresItsNewestBackupAndOneWithoutAnyIsADeadLetter() throws Exception {
        String schedule = unique("velero-schedule");
        String newest = unique("velero-scheduled");
        events.publish(BackupRequestedBuilder.backupRequested()
                .name(newest)
                .cluster("primary")
                .includedNamespaces(List.of("default"))
                .includedResources(List.of("configmaps"))
                .schedule(schedule)
                .build());
        await(EventType.SNAPSHOT_TAKEN, newest);

        ObjectNode restore = Json.MAPPER
                .createObjectNode()
                .put("cluster", "standby")
                .put("scheduleName", schedule)
                .put("dryRun", true);
        String name = unique("from-schedule");
        send(EventType.RESTORE_REQUESTED, restore.put("name", name));
        RestoreCompleted done = await(EventType.RESTORE_COMPLETED, name);
        assertThat(done.backupName()).isEqualTo(newest);

        String orphan = unique("from-schedule");
        String id =
                send(EventType.RESTORE_REQUESTED, restore.put("name", orphan).put("scheduleName", unique("none")));
        List<ConsumerRecord<String, String>> dead = events.await(
                EventType.RESTORE_REQUESTED.deadLetterTopic(),
                r -> id.equals(BusClient.header(r, "ce_id")),
                1,
                TIMEOUT);
        assertThat(BusClient.header(dead.get(0), "dead-letter-reason")).contains("has no Completed backup to restore");
    }

    @Test
    void anEventInStructuredModeIsReadAsBinaryModeIs() throws Exception {
        String name = unique("structured");
        ObjectNode data = Json.MAPPER
                .createObjectNode()
                .put("name", name)
                .put("cluster", "primary")
                .put("includedResources", (String) null);
        data.putArray("includedNamespaces").add("default");
        ObjectNode envelope = Json.MAPPER
                .createObjectNode()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", "/knative/kafkasink")
                .put("type", EventType.BACKUP_REQUESTED.ceType())
                .put("subject", name)
                .put("datacontenttype", "application/json");
        envelope.set("data", data);
        events.publishRaw(
                EventType.BACKUP_REQUESTED.topic(),
                "primary",
                Map.of("content-type", "application/cloudevents+json; charset=utf-8"),
                envelope.toString());

        List<ConsumerRecord<String, String>> answers = events.await(
                EventType.SNAPSHOT_TAKEN.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(answers).hasSize(1);
        assertThat(BusClient.header(answers.get(0), "ce_dataschema"))
                .as("every event names its schema")
                .isEqualTo("https://day2ops.io/schemas/backup.snapshot-taken.v1.schema.json");
        assertThat(BusClient.header(answers.get(0), "traceparent")).isNotBlank();
    }

    /** Publishes {@code data} as another system would (binary mode, the JSON as it is); answers the ce_id. */
    private String send(EventType<?> type, ObjectNode data) {
        String id = UUID.randomUUID().toString();
        events.publishRaw(
                type.topic(),
                data.path("cluster").asText(),
                BusClient.ceHeaders(type, id, "/velero-user"),
                data.toString());
        return id;
    }

    private <T extends io.day2ops.events.Day2Event> T await(EventType<T> type, String subject) {
        List<ConsumerRecord<String, String>> records =
                events.await(type.topic(), r -> subject.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as(type.ceType() + " for " + subject).hasSize(1);
        try {
            return CODEC.parse(type, records.get(0).value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode sample(String type) throws Exception {
        try (InputStream in = VeleroSpecFlowTest.class.getResourceAsStream("/velero/" + type + ".json")) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        }
    }
}
