package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.RestoreRequested;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.RestoreRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.S3Locations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Backups to and restores from an S3-compatible store: a real S3 server (s3proxy) in its own process. */
@Day2FlowTest
class S3StorageFlowTest {

    private static final EventCodec CODEC = new EventCodec();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "test.s3.object-dir")
    String objectDir;

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Test
    void aBackupInS3RestoresIntoTheStandbyAndAFlippedByteInAnObjectIsRefused() throws Exception {
        String name = unique("s3");
        SnapshotTaken taken = await(
                BackupRequested.builder(name, "primary")
                        .includedNamespaces(List.of("default"))
                        .storageLocation("s3")
                        .build(),
                EventType.SNAPSHOT_TAKEN);
        assertThat(taken.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(taken.uri()).isEqualTo("s3://" + S3Locations.BUCKET + "/clusters/" + name + "/");
        Path stored = Path.of(objectDir, "clusters", name);
        assertThat(stored.resolve("manifest.json")).isRegularFile();
        assertThat(stored.resolve("resources/deployments.apps.tar.gz")).isRegularFile();

        RestoreCompleted restored = await(restore(name, unique("from-s3")), EventType.RESTORE_COMPLETED);
        assertThat(restored.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(restored.itemsRestored()).isPositive();

        Path part = stored.resolve("resources/configmaps.tar.gz");
        byte[] bytes = Files.readAllBytes(part);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(part, bytes);
        RestoreCompleted refused = await(restore(name, unique("corrupt")), EventType.RESTORE_COMPLETED);
        assertThat(refused.phase()).isEqualTo(BackupPhase.Failed);
        assertThat(refused.failureReason()).contains("resources/configmaps.tar.gz");
        assertThat(refused.itemsRestored()).isZero();

        asUser("admin").delete("/backups/" + name).then().statusCode(204);
        assertThat(stored.resolve("manifest.json")).doesNotExist();
    }

    @Test
    void aBackupFoundOnlyInStorageIsRestoredAsAStandbySiteWouldFromItsReadOnlyLocation() throws Exception {
        String name = unique("other-site");
        await(
                BackupRequested.builder(name, "primary")
                        .includedNamespaces(List.of("default"))
                        .storageLocation("s3")
                        .build(),
                EventType.SNAPSHOT_TAKEN);
        // The standby site's backup-service has no catalog entry for it: only the bucket.
        pool.preparedQuery("DELETE FROM backup WHERE name = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(name))
                .await()
                .atMost(TIMEOUT);

        // trusted because its keys.json holds the manifest's HMAC under the backup's data key
        RestoreCompleted restored = await(restore(name, unique("site-b")), EventType.RESTORE_COMPLETED);

        assertThat(restored.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(restored.itemsRestored()).isPositive();

        // a manifest altered in the bucket (parts' checksums rewritten to match altered parts, say) is refused
        Path manifest = Path.of(objectDir, "clusters", name, "manifest.json");
        byte[] original = Files.readAllBytes(manifest);
        Files.writeString(
                manifest, new String(original, StandardCharsets.UTF_8).replace("\"Completed\"", "\"Completed\" "));
        RestoreCompleted altered = await(restore(name, unique("site-c")), EventType.RESTORE_COMPLETED);
        assertThat(altered.phase()).isEqualTo(BackupPhase.Failed);
        assertThat(altered.failureReason()).contains("manifest.json does not verify against the HMAC in keys.json");
        assertThat(altered.itemsRestored()).isZero();

        // and one whose keys.json lost its HMAC is not trusted either
        Files.write(manifest, original);
        Path keys = Path.of(objectDir, "clusters", name, "keys.json");
        Files.writeString(
                keys,
                Files.readString(keys).replaceAll("\"manifestHmac\"\\s*:\\s*\"[^\"]*\"", "\"manifestHmac\" : null"));
        RestoreCompleted unsigned = await(restore(name, unique("site-d")), EventType.RESTORE_COMPLETED);
        assertThat(unsigned.phase()).isEqualTo(BackupPhase.Failed);
        assertThat(unsigned.failureReason()).contains("does not verify");
    }

    @Test
    void aReadOnlyLocationTakesNoBackup() {
        String name = unique("read-only");
        BackupFailed failed = await(
                BackupRequested.builder(name, "primary")
                        .storageLocation("s3-dr")
                        .build(),
                EventType.BACKUP_FAILED);

        assertThat(failed.reason()).contains("storage location s3-dr is ReadOnly");
    }

    private static RestoreRequested restore(String backup, String namespace) {
        return RestoreRequestedBuilder.restoreRequested()
                .name(unique("restore"))
                .cluster("standby")
                .backupName(backup)
                .namespaceMapping(Map.of("default", namespace))
                .build();
    }

    private <T extends Day2Event> T await(Day2Event request, EventType<T> answer) {
        try (BusClient events = new BusClient(bootstrapServers)) {
            events.publish(request);
            List<ConsumerRecord<String, String>> records = events.await(
                    answer.topic(), r -> request.subject().equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
            assertThat(records)
                    .as(answer.ceType() + " for " + request.subject())
                    .hasSize(1);
            return CODEC.parse(answer, records.get(0).value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
