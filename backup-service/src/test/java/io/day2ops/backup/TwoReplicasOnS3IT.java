package io.day2ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.events.fixtures.RestoreRequestedBuilder;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.sandbox.Sandboxes;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.ConsumerGroups;
import io.day2ops.testing.LocalEtcd;
import io.day2ops.testing.LocalS3;
import io.day2ops.testing.ServiceProcess;
import io.day2ops.testing.SharedIssuer;
import io.day2ops.testing.SharedKafka;
import io.day2ops.testing.SharedPostgres;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged backup-service replicas on one database and one S3 bucket, as k8s/ runs them: a backup one replica
 * took (with an etcd snapshot) is restored, downloaded and deleted by the other, with the first one gone. Failsafe.
 */
class TwoReplicasOnS3IT {

    private static final EventCodec CODEC = new EventCodec();
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String BUCKET = "shared-backups";

    private static List<SandboxCluster> clusters;
    private static LocalS3 s3;
    private static LocalEtcd etcd;
    private static BusClient bus;
    private static Path work;
    private static String database;
    private static String group;
    private static String key;

    @BeforeAll
    static void infrastructure() throws Exception {
        clusters = Sandboxes.start(0, 0, 10);
        s3 = LocalS3.start(Path.of("target/s3proxy/s3proxy.jar"), BUCKET);
        etcd = LocalEtcd.start();
        bus = new BusClient(SharedKafka.bootstrapServers());
        work = Files.createTempDirectory("two-replicas");
        database = SharedPostgres.freshDatabase("tworeplicas");
        group = "backup-service-two-" + UUID.randomUUID();
        ConsumerGroups.startAtEnd(
                group, List.of(EventType.BACKUP_REQUESTED.topic(), EventType.RESTORE_REQUESTED.topic()));
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        key = Base64.getEncoder().encodeToString(bytes);
    }

    @AfterAll
    static void release() {
        if (bus != null) {
            bus.close();
        }
        if (clusters != null) {
            clusters.forEach(SandboxCluster::close);
        }
        if (etcd != null) {
            etcd.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aBackupOneReplicaTookIsRestoredDownloadedAndDeletedByTheOther() throws Exception {
        String name = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceProcess a = start();
        ServiceProcess b = start();
        try {
            bus.publish(BackupRequestedBuilder.backupRequested()
                    .name(name)
                    .cluster("primary")
                    .includedNamespaces(List.of("default"))
                    .etcdSnapshot(true)
                    .build());
            List<ConsumerRecord<String, String>> taken = bus.await(
                    EventType.SNAPSHOT_TAKEN.topic(),
                    r -> name.equals(BusClient.header(r, "ce_subject")),
                    1,
                    Duration.ofSeconds(60));
            assertThat(taken).hasSize(1);
            SnapshotTaken snapshot =
                    CODEC.parse(EventType.SNAPSHOT_TAKEN, taken.get(0).value());
            assertThat(snapshot.phase()).isEqualTo(BackupPhase.Completed);
            assertThat(snapshot.uri()).startsWith("s3://" + BUCKET + "/");
            assertThat(snapshot.etcd()).isNotNull();

            boolean tookItA = a.log().contains("backup " + name + " of cluster primary Completed");
            ServiceProcess taker = tookItA ? a : b;
            ServiceProcess other = tookItA ? b : a;
            assertThat(taker.log()).contains("backup " + name + " of cluster primary Completed");
            assertThat(other.log()).doesNotContain("backup " + name + " of cluster primary Completed");
            taker.close(); // from here on only the other replica works

            String restore = "shared-restore-" + UUID.randomUUID().toString().substring(0, 8);
            bus.publish(RestoreRequestedBuilder.restoreRequested()
                    .name(restore)
                    .cluster("standby")
                    .backupName(name)
                    .includedNamespaces(List.of("default"))
                    .namespaceMapping(Map.of("default", restore))
                    .build());
            List<ConsumerRecord<String, String>> restored = bus.await(
                    EventType.RESTORE_COMPLETED.topic(),
                    r -> restore.equals(BusClient.header(r, "ce_subject")),
                    1,
                    Duration.ofSeconds(60));
            assertThat(restored).hasSize(1);
            RestoreCompleted completed =
                    CODEC.parse(EventType.RESTORE_COMPLETED, restored.get(0).value());
            assertThat(completed.phase()).as(completed.toString()).isEqualTo(BackupPhase.Completed);

            Response download = RestAssured.given()
                    .auth()
                    .oauth2(SharedIssuer.token("admin"))
                    .get(other.url() + "/backups/" + name + "/etcd-snapshot");
            assertThat(download.statusCode()).isEqualTo(200);
            byte[] body = download.asByteArray();
            assertThat(body.length).isPositive();
            assertThat(download.header("X-Day2-Sha256"))
                    .isEqualTo(java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(body)));

            Path manifest = s3.objectFile(BUCKET, "clusters/" + name + "/manifest.json");
            assertThat(manifest).as("the bucket holds it before the delete").exists();
            RestAssured.given()
                    .auth()
                    .oauth2(SharedIssuer.token("admin"))
                    .delete(other.url() + "/backups/" + name)
                    .then()
                    .statusCode(204);
            assertThat(manifest).as("the bucket no longer holds it").doesNotExist();
            assertThat(s3.objectFile(BUCKET, "clusters/" + name + "/etcd/snapshot.db"))
                    .doesNotExist();
        } finally {
            a.close();
            b.close();
        }
    }

    private static ServiceProcess start() {
        Map<String, String> config = new HashMap<>();
        config.put("day2.clusters.primary.url", clusters.get(0).url());
        config.put("day2.clusters.standby.url", clusters.get(1).url());
        config.put("day2.clusters.primary.etcd.endpoints", etcd.endpoint());
        config.put("day2.backup.encryption-key", key);
        String p = "day2.storage.locations.default.";
        config.put(p + "type", "s3");
        config.put(p + "bucket", BUCKET);
        config.put(p + "prefix", "clusters");
        config.put(p + "endpoint", s3.endpoint());
        config.put(p + "access-key", LocalS3.IDENTITY);
        config.put(p + "secret-key", LocalS3.CREDENTIAL);
        for (String channel : List.of("backup-requested", "restore-requested")) {
            config.put("mp.messaging.incoming." + channel + ".group.id", group);
        }
        return ServiceProcess.start("backup-service", JAR, work, database, config)
                .awaitReady(Duration.ofSeconds(120));
    }
}
