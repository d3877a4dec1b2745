package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups with an etcd snapshot from a real etcd, checked with the real etcdctl. */
@Day2FlowTest
class EtcdSnapshotFlowTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "day2.clusters.primary.etcd.endpoints")
    String etcdEndpoint;

    @TempDir
    Path scratch;

    @Test
    void theSnapshotIsStreamedVerifiedRecordedAndRestorableWithEtcdctl() throws Exception {
        long revision;
        try (Client etcd = Client.builder().endpoints(etcdEndpoint).build()) {
            List<CompletableFuture<?>> puts = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                puts.add(etcd.getKVClient().put(bytes("/registry/configmaps/default/cm-" + i), bytes("value-" + i)));
            }
            CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            revision = etcd.getKVClient()
                    .get(bytes("/registry/configmaps/default/cm-0"))
                    .get()
                    .getHeader()
                    .getRevision();
        }

        SnapshotTaken taken = backUp(request(unique("etcd"), "primary"));

        assertThat(taken.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(taken.etcd()).isNotNull();
        assertThat(taken.etcd().keys()).isEqualTo(500);
        assertThat(taken.etcd().revision()).isEqualTo(revision);
        // proven restorable right after it was taken: restored into a scratch etcd, revision and keys compared
        assertThat(taken.etcd().verified()).as(taken.etcd().verification()).isTrue();
        assertThat(taken.etcd().verification())
                .isEqualTo("restored into a scratch etcd: revision " + revision + ", 500 keys, as recorded");
        // stored encrypted with the backup's data key: no key or value of etcd appears in storage
        Path stored = Path.of(URI.create(taken.uri())).resolve("etcd/snapshot.db");
        String storedBytes = new String(Files.readAllBytes(stored), StandardCharsets.ISO_8859_1);
        assertThat(storedBytes).startsWith("D2S1").doesNotContain("/registry/configmaps", "value-0");
        assertThat(BackupCaptureFlowTest.sha256(Files.readAllBytes(stored)))
                .isNotEqualTo(taken.etcd().sha256());

        // served over REST decrypted as it streams, exactly the snapshot etcd gave, and it restores
        byte[] served = asUser("admin")
                .get("/backups/" + taken.name() + "/etcd-snapshot")
                .then()
                .statusCode(200)
                .header("X-Day2-Sha256", taken.etcd().sha256())
                .extract()
                .asByteArray();
        assertThat(served).hasSize((int) taken.etcd().sizeBytes());
        assertThat(BackupCaptureFlowTest.sha256(served)).isEqualTo(taken.etcd().sha256());
        Path file = scratch.resolve("downloaded.db");
        Files.write(file, served);
        JsonNode status = Json.MAPPER.readTree(etcdctl("snapshot", "status", file.toString(), "-w", "json"));
        assertThat(status.path("revision").asLong()).isEqualTo(revision);
        assertThat(status.path("totalKey").asLong()).isGreaterThanOrEqualTo(500);
        Path restored = scratch.resolve("restored");
        etcdctl("snapshot", "restore", file.toString(), "--data-dir", restored.toString());
        assertThat(restored.resolve("member/snap/db")).isRegularFile();

        // a snapshot part tampered with in storage is refused, not served
        byte[] tampered = Files.readAllBytes(stored);
        tampered[tampered.length / 2] ^= 1;
        Files.write(stored, tampered);
        asUser("admin")
                .get("/backups/" + taken.name() + "/etcd-snapshot")
                .then()
                .statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("etcd/snapshot.db"));
    }

    @Test
    void aClusterWithoutEtcdEndpointsIsBackedUpWithAWarningInsteadOfASnapshot() throws Exception {
        SnapshotTaken taken = backUp(request(unique("no-etcd"), "standby"));

        assertThat(taken.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(taken.etcd()).isNull();
        assertThat(taken.warnings()).isEqualTo(1);
        asUser("admin")
                .get("/backups/" + taken.name() + "/etcd-snapshot")
                .then()
                .statusCode(404);
        assertThat(Files.readString(Path.of(URI.create(taken.uri())).resolve("backup.log")))
                .contains("has no etcd endpoints configured (day2.clusters.standby.etcd.endpoints)");
    }

    private SnapshotTaken backUp(BackupRequested request) throws Exception {
        try (BusClient events = new BusClient(bootstrapServers)) {
            events.publish(request);
            List<ConsumerRecord<String, String>> records = events.await(
                    EventType.SNAPSHOT_TAKEN.topic(),
                    r -> request.name().equals(BusClient.header(r, "ce_subject")),
                    1,
                    TIMEOUT);
            assertThat(records).as("SnapshotTaken for " + request.name()).hasSize(1);
            return new EventCodec()
                    .parse(EventType.SNAPSHOT_TAKEN, records.get(0).value());
        }
    }

    private static BackupRequested request(String name, String cluster) {
        return BackupRequestedBuilder.backupRequested()
                .name(name)
                .cluster(cluster)
                .includedNamespaces(List.of("default"))
                .includedResources(List.of("configmaps"))
                .includeClusterResources(false)
                .etcdSnapshot(true)
                .build();
    }

    private static String etcdctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("etcdctl"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + out)
                .isZero();
        return out;
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
