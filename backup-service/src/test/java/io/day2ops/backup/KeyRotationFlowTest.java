package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.day2ops.backup.crypto.BackupKeys;
import io.day2ops.backup.crypto.DataKey;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.RestoreRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.day2ops.testing.InjectCluster;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Key rotation without re-encrypting: a backup's data key re-wrapped under another master key of the ring (only its
 * keys.json changes), what needs which key shown, and the backup restoring its Secret exactly under either key.
 */
@Day2FlowTest
class KeyRotationFlowTest {

    private static final EventCodec CODEC = new EventCodec();

    @InjectBus
    BusClient events;

    @InjectCluster("primary")
    KubernetesClient primary;

    @InjectCluster("standby")
    KubernetesClient standby;

    @Test
    void aBackupRewrappedToAnotherKeyStillRestoresItsSecretExactlyAndTheKeyItNeedsIsShown() throws Exception {
        String secretName = unique("rotated-secret");
        primary.secrets()
                .inNamespace("default")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(secretName)
                        .endMetadata()
                        .addToData(
                                "password",
                                Base64.getEncoder().encodeToString("rotate-me-value".getBytes(StandardCharsets.UTF_8)))
                        .build())
                .create();
        String name = unique("rotation");
        events.publish(BackupCaptureFlowTest.request(name, List.of("default"), List.of("secrets"), null, false));
        SnapshotTaken taken = snapshot(name);
        String active = keysOf(taken).dataKeys().get(0).keyId();

        asUser("admin")
                .get("/keys")
                .then()
                .statusCode(200)
                .body("activeKey", org.hamcrest.Matchers.equalTo(active))
                .body("keys." + active, hasItem(name))
                .body("keys.spare", not(hasItem(name)));

        asUser("admin")
                .post("/keys/rewrap?key=spare")
                .then()
                .statusCode(200)
                .body("keyId", org.hamcrest.Matchers.equalTo("spare"))
                .body("rewrapped", hasItem(name));

        assertThat(keysOf(taken).dataKeys()).extracting(DataKey::keyId).containsExactly("spare");
        asUser("admin")
                .get("/keys")
                .then()
                .body("keys.spare", hasItem(name))
                .body("keys." + active, not(hasItem(name)));
        // the manifest was not touched: the restore checks it against the sha256 the catalog recorded
        String target = unique("rotated");
        RestoreCompleted restored = restore(name, target);
        assertThat(restored.phase()).as(restored.toString()).isEqualTo(BackupPhase.Completed);
        byte[] password = Base64.getDecoder()
                .decode(standby.secrets()
                        .inNamespace(target)
                        .withName(secretName)
                        .get()
                        .getData()
                        .get("password"));
        assertThat(new String(password, StandardCharsets.UTF_8)).isEqualTo("rotate-me-value");

        // and back to the active key
        asUser("admin").post("/keys/rewrap").then().statusCode(200).body("rewrapped", hasItem(name));
        assertThat(keysOf(taken).dataKeys()).extracting(DataKey::keyId).containsExactly(active);

        asUser("admin")
                .post("/keys/rewrap?key=nope")
                .then()
                .statusCode(400)
                .body("detail", containsString("key 'nope' is not in the keyring"));
        asUser("operator").get("/keys").then().statusCode(403);
    }

    private static BackupKeys keysOf(SnapshotTaken taken) throws Exception {
        return Json.MAPPER.readValue(
                Path.of(URI.create(taken.uri())).resolve(BackupKeys.PART).toFile(), BackupKeys.class);
    }

    private SnapshotTaken snapshot(String backup) throws Exception {
        List<ConsumerRecord<String, String>> records = events.await(
                EventType.SNAPSHOT_TAKEN.topic(), r -> backup.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as("SnapshotTaken for " + backup).hasSize(1);
        return CODEC.parse(EventType.SNAPSHOT_TAKEN, records.get(0).value());
    }

    private RestoreCompleted restore(String backup, String target) throws Exception {
        String name = unique("restore-rotated");
        events.publish(RestoreRequestedBuilder.restoreRequested()
                .name(name)
                .cluster("standby")
                .backupName(backup)
                .includedNamespaces(List.of("default"))
                .namespaceMapping(Map.of("default", target))
                .build());
        List<ConsumerRecord<String, String>> records = events.await(
                EventType.RESTORE_COMPLETED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as("RestoreCompleted for " + name).hasSize(1);
        return CODEC.parse(EventType.RESTORE_COMPLETED, records.get(0).value());
    }
}
