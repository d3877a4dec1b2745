package io.day2ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.testing.ServiceProcess;
import io.day2ops.testing.SharedIssuer;
import io.restassured.RestAssured;
import java.time.Duration;
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

    private static PackagedReplicas replicas;
    private static String key;

    @BeforeAll
    static void infrastructure() throws Exception {
        replicas = PackagedReplicas.start("graceful");
        key = PackagedReplicas.randomKey();
    }

    @AfterAll
    static void release() {
        if (replicas != null) {
            replicas.close();
        }
    }

    @Test
    void aStoppingReplicaHandsItsBackupToTheOtherWhichCompletesItOnce() throws Exception {
        String name = "graceful-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceProcess first = start();
        ServiceProcess second = null;
        try {
            // every API answer 5 s late: the backup takes minutes, far longer than starting the second replica
            // (which on a loaded CI machine took 25 s, long enough for a 1 s delay's backup to finish first)
            replicas.clusters.get(0).faults().slow(Duration.ofSeconds(5));
            replicas.bus.publish(BackupRequestedBuilder.backupRequested()
                    .name(name)
                    .cluster("primary")
                    .includedNamespaces(List.of("default"))
                    .build());
            awaitPhase(first, name, "InProgress");
            second = start(); // the other replica, idle: the job is the first one's
            first.close(); // SIGTERM mid-backup
            long stoppedAt = System.currentTimeMillis();
            replicas.clusters.get(0).faults().clear();
            assertThat(first.log())
                    .contains("handed back 1 unfinished jobs for another replica: [backup/" + name + "]")
                    .doesNotContain("job backup/" + name + " attempt 1 failed");

            List<ConsumerRecord<String, String>> taken =
                    replicas.await(EventType.SNAPSHOT_TAKEN, name, 2, Duration.ofSeconds(40));
            assertThat(taken).as("completed once").hasSize(1);
            assertThat(Duration.ofMillis(taken.get(0).timestamp() - stoppedAt))
                    .as("taken over at once, not after the 30 s lease")
                    .isLessThan(Duration.ofSeconds(20));
            SnapshotTaken snapshot = PackagedReplicas.CODEC.parse(
                    EventType.SNAPSHOT_TAKEN, taken.get(0).value());
            assertThat(snapshot.phase()).isEqualTo(BackupPhase.Completed);

            RestoreCompleted completed = replicas.restore(name, "default", "graceful-restored");
            assertThat(completed.phase()).as(completed.toString()).isEqualTo(BackupPhase.Completed);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static ServiceProcess start() {
        return replicas.replica(Map.of(
                "day2.clusters.primary.request-timeout", "30s",
                "day2.storage.locations.default.path",
                        replicas.work.resolve("backups").toString(),
                "day2.backup.encryption-key", key,
                "day2.jobs.shutdown-grace", "2s",
                "day2.backup.verify-etcd-snapshots", "false"));
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
