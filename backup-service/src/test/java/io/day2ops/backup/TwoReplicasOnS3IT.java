package io.day2ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.testing.LocalEtcd;
import io.day2ops.testing.LocalS3;
import io.day2ops.testing.ServiceProcess;
import io.day2ops.testing.SharedIssuer;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged backup-service replicas on one database and one S3 bucket, as k8s/ runs them: a backup one replica
 * took (with an etcd snapshot) is restored, downloaded and deleted by the other, with the first one gone. Failsafe;
 * with the fault suite's slow half ({@code ./day2 check faults}, {@code -Dfaults=all}), not in CI (53 s).
 */
@FaultSuiteIT.SlowHalf
class TwoReplicasOnS3IT {

    private static final String BUCKET = "shared-backups";

    private static PackagedReplicas replicas;
    private static LocalS3 s3;
    private static LocalEtcd etcd;
    private static String key;

    @BeforeAll
    static void infrastructure() throws Exception {
        replicas = PackagedReplicas.start("two-replicas");
        s3 = LocalS3.start(Path.of("target/s3proxy/s3proxy.jar"), BUCKET);
        etcd = LocalEtcd.start();
        key = PackagedReplicas.randomKey();
    }

    @AfterAll
    static void release() {
        if (replicas != null) {
            replicas.close();
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
            replicas.bus.publish(BackupRequestedBuilder.backupRequested()
                    .name(name)
                    .cluster("primary")
                    .includedNamespaces(List.of("default"))
                    .etcdSnapshot(true)
                    .build());
            List<ConsumerRecord<String, String>> taken =
                    replicas.await(EventType.SNAPSHOT_TAKEN, name, 1, Duration.ofSeconds(60));
            assertThat(taken).hasSize(1);
            SnapshotTaken snapshot = PackagedReplicas.CODEC.parse(
                    EventType.SNAPSHOT_TAKEN, taken.get(0).value());
            assertThat(snapshot.phase()).isEqualTo(BackupPhase.Completed);
            assertThat(snapshot.uri()).startsWith("s3://" + BUCKET + "/");
            assertThat(snapshot.etcd()).isNotNull();

            boolean tookItA = a.log().contains("backup " + name + " of cluster primary Completed");
            ServiceProcess taker = tookItA ? a : b;
            ServiceProcess other = tookItA ? b : a;
            assertThat(taker.log()).contains("backup " + name + " of cluster primary Completed");
            assertThat(other.log()).doesNotContain("backup " + name + " of cluster primary Completed");
            taker.close(); // from here on only the other replica works

            RestoreCompleted completed = replicas.restore(name, "default", "shared-restored");
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
        String p = "day2.storage.locations.default.";
        return replicas.replica(Map.of(
                "day2.clusters.primary.etcd.endpoints",
                etcd.endpoint(),
                "day2.backup.encryption-key",
                key,
                p + "type",
                "s3",
                p + "bucket",
                BUCKET,
                p + "prefix",
                "clusters",
                p + "endpoint",
                s3.endpoint(),
                p + "access-key",
                LocalS3.IDENTITY,
                p + "secret-key",
                LocalS3.CREDENTIAL));
    }
}
