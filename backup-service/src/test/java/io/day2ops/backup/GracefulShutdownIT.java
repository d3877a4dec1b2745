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
import io.day2ops.testing.ServiceProcess;
import io.day2ops.testing.SharedIssuer;
import io.day2ops.testing.SharedKafka;
import io.day2ops.testing.SharedPostgres;
import io.restassured.RestAssured;
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
 * SIGTERM during a long backup, two replicas on one database and one storage location: the stopping replica hands
 * the job back (at once, not after the 30 s lease), the other completes it, once, and the backup restores. The
 * packaged service in the prod profile; the primary sandbox answers slowly so the backup is still running when the
 * signal comes. Failsafe, after {@code package}.
 */
class GracefulShutdownIT {

    private static final EventCodec CODEC = new EventCodec();
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private static List<SandboxCluster> clusters;
    private static BusClient bus;
    private static Path work;
    private static String database;
    private static String group;
    private static String key;

    @BeforeAll
    static void infrastructure() throws Exception {
        clusters = Sandboxes.start(0, 0, 10);
        bus = new BusClient(SharedKafka.bootstrapServers());
        work = Files.createTempDirectory("graceful");
        database = SharedPostgres.freshDatabase("graceful");
        group = "backup-service-graceful-" + UUID.randomUUID();
        io.day2ops.testing.ConsumerGroups.startAtEnd(
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
    }

    @Test
    void aStoppingReplicaHandsItsBackupToTheOtherWhichCompletesItOnce() throws Exception {
        String name = "graceful-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceProcess first = start();
        ServiceProcess second = null;
        try {
            clusters.get(0).faults().slow(Duration.ofSeconds(1)); // every API answer a second late: a long backup
            bus.publish(BackupRequestedBuilder.backupRequested()
                    .name(name)
                    .cluster("primary")
                    .includedNamespaces(List.of("default"))
                    .build());
            awaitPhase(first, name, "InProgress");
            second = start(); // the other replica, idle: the job is the first one's
            first.close(); // SIGTERM mid-backup
            long stoppedAt = System.currentTimeMillis();
            clusters.get(0).faults().clear();
            assertThat(first.log())
                    .contains("handed back 1 unfinished jobs for another replica: [backup/" + name + "]")
                    .doesNotContain("job backup/" + name + " attempt 1 failed");

            List<ConsumerRecord<String, String>> taken = bus.await(
                    EventType.SNAPSHOT_TAKEN.topic(),
                    r -> name.equals(BusClient.header(r, "ce_subject")),
                    2,
                    Duration.ofSeconds(40));
            assertThat(taken).as("completed once").hasSize(1);
            assertThat(Duration.ofMillis(taken.get(0).timestamp() - stoppedAt))
                    .as("taken over at once, not after the 30 s lease")
                    .isLessThan(Duration.ofSeconds(20));
            SnapshotTaken snapshot =
                    CODEC.parse(EventType.SNAPSHOT_TAKEN, taken.get(0).value());
            assertThat(snapshot.phase()).isEqualTo(BackupPhase.Completed);

            String restore = "graceful-restore-" + UUID.randomUUID().toString().substring(0, 8);
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
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static ServiceProcess start() {
        Map<String, String> config = new HashMap<>();
        config.put("day2.clusters.primary.url", clusters.get(0).url());
        config.put("day2.clusters.standby.url", clusters.get(1).url());
        config.put("day2.clusters.primary.request-timeout", "30s");
        config.put(
                "day2.storage.locations.default.path", work.resolve("backups").toString());
        config.put("day2.backup.encryption-key", key);
        config.put("day2.jobs.shutdown-grace", "2s");
        config.put("day2.backup.verify-etcd-snapshots", "false");
        for (String channel : List.of("backup-requested", "restore-requested")) {
            config.put("mp.messaging.incoming." + channel + ".group.id", group);
            config.put("mp.messaging.incoming." + channel + ".auto.offset.reset", "latest");
        }
        return ServiceProcess.start("backup-service", JAR, work, database, config)
                .awaitReady(Duration.ofSeconds(120));
    }

    private static void awaitPhase(ServiceProcess service, String name, String phase) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String seen = null;
        int status = 0;
        while (System.nanoTime() < deadline) {
            var response = RestAssured.given()
                    .auth()
                    .oauth2(SharedIssuer.token("viewer"))
                    .get(service.url() + "/backups/" + name);
            status = response.statusCode();
            if (status == 200) {
                seen = response.jsonPath().getString("phase");
                if (phase.equals(seen)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        String log = service.log();
        throw new AssertionError("backup " + name + " never reached " + phase + " (last seen " + seen + ", HTTP "
                + status + "); the service's log ends:\n" + log.substring(Math.max(0, log.length() - 3000)));
    }
}
