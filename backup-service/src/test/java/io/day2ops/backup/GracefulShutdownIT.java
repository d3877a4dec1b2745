package io.day2ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.backup.storage.BackupWriter;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.testing.ServiceProcess;
import io.day2ops.testing.SharedIssuer;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one database and one storage location, a long backup, and the replica running it stops: on SIGTERM
 * it hands the job back (at once, not after the 30 s lease) and the other completes it, once, and the backup
 * restores; frozen (SIGSTOP) past its lease, the other takes the job over and, woken up, the frozen one writes nothing
 * more; past its deadline, or without progress for {@code day2.jobs.stuck-after}, the backup fails saying so and
 * writes nothing more. The packaged service in the prod profile; the primary sandbox answers slowly so the backup is still running
 * when the signal comes. Failsafe, after {@code package}.
 *
 * <p>All of it is the fault suite's slow half, run by {@code ./day2 check faults} ({@code -Dfaults=all}) with the
 * fault suite it belongs to (70 s: kept out of CI's 30 minutes; the hand-over of a draining replica is also what
 * {@code FaultSuiteIT}'s kill -9 of a replica proves from the other side).
 */
@FaultSuiteIT.SlowHalf
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
            requestBackup(name);
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

    @Test
    void aReplicaFrozenPastItsLeaseWritesNothingOnWakingAndTheBackupIsTheOthers() throws Exception {
        String name = "frozen-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> shortLease = Map.of("day2.jobs.lease", "6s", "day2.jobs.heartbeat-interval", "1s");
        ServiceProcess first = start(shortLease);
        ServiceProcess second = null;
        try {
            replicas.clusters.get(0).faults().slow(Duration.ofSeconds(2));
            requestBackup(name);
            awaitPhase(first, name, "InProgress");
            first.pause(); // mid-backup, API calls in flight, as a long GC pause or a frozen VM
            replicas.clusters.get(0).faults().clear();
            second = start(shortLease); // claims the job once the frozen one's lease ran out

            List<ConsumerRecord<String, String>> taken =
                    replicas.await(EventType.SNAPSHOT_TAKEN, name, 1, Duration.ofSeconds(90));
            assertThat(taken).as("SnapshotTaken by the second replica").hasSize(1);
            assertThat(PackagedReplicas.CODEC
                            .parse(EventType.SNAPSHOT_TAKEN, taken.get(0).value())
                            .phase())
                    .isEqualTo(BackupPhase.Completed);
            Path folder = replicas.work.resolve("backups").resolve(name);
            Map<String, String> written = contents(folder);
            assertThat(written).containsKey("manifest.json");

            first.resume();
            first.awaitLog(
                    "job backup/" + name + " attempt 1 ended without its outcome stored", Duration.ofSeconds(60));
            assertThat(first.log())
                    .contains("no longer held by this instance")
                    .doesNotContain("backup " + name + " of cluster primary failed");
            assertThat(contents(folder))
                    .as("the woken replica wrote nothing into the new holder's backup")
                    .isEqualTo(written);
            assertThat(replicas.await(EventType.SNAPSHOT_TAKEN, name, 2, Duration.ofSeconds(3)))
                    .as("completed once")
                    .hasSize(1);
            assertThat(replicas.await(EventType.BACKUP_FAILED, name, 1, Duration.ofSeconds(1)))
                    .as("the woken replica did not fail it either")
                    .isEmpty();
            RestoreCompleted completed = replicas.restore(name, "default", "frozen-restored");
            assertThat(completed.phase()).as(completed.toString()).isEqualTo(BackupPhase.Completed);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void aBackupPastItsDeadlineFailsNamingItAndWritesNothingMore() throws Exception {
        String name = "late-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceProcess replica = start(Map.of("day2.jobs.deadlines.backup", "3s"));
        try {
            replicas.clusters.get(0).faults().slow(Duration.ofSeconds(2)); // far longer than 3 s in all
            requestBackup(name);
            List<ConsumerRecord<String, String>> failed =
                    replicas.await(EventType.BACKUP_FAILED, name, 1, Duration.ofSeconds(60));
            assertThat(failed).hasSize(1);
            assertThat(PackagedReplicas.CODEC
                            .parse(EventType.BACKUP_FAILED, failed.get(0).value())
                            .reason())
                    .startsWith("exceeded its deadline of 3s (day2.jobs.deadlines.backup");
            replicas.clusters.get(0).faults().clear(); // its worker, still running, now gets quick answers
            assertThat(replicas.await(EventType.SNAPSHOT_TAKEN, name, 1, Duration.ofSeconds(10)))
                    .as("the worker that outlived the deadline completes nothing")
                    .isEmpty();
            assertThat(replicas.work.resolve("backups").resolve(name).resolve("manifest.json"))
                    .doesNotExist();
        } finally {
            replicas.clusters.get(0).faults().clear();
            replica.close();
        }
    }

    @Test
    void aBackupThatStopsMakingProgressFailsAsStuckSayingWhere() throws Exception {
        String name = "stuck-" + UUID.randomUUID().toString().substring(0, 8);
        // with JSON logs, as k8s/ runs it: the job's lines carry the service and the job in the MDC
        ServiceProcess replica = start(Map.of(
                "day2.jobs.stuck-after",
                "3s",
                "day2.jobs.heartbeat-interval",
                "1s",
                "quarkus.log.console.json.enabled",
                "true"));
        try {
            replicas.clusters.get(0).faults().slow(Duration.ofSeconds(8)); // each call: longer than stuck-after
            requestBackup(name);
            List<ConsumerRecord<String, String>> failed =
                    replicas.await(EventType.BACKUP_FAILED, name, 1, Duration.ofSeconds(60));
            assertThat(failed).hasSize(1);
            assertThat(PackagedReplicas.CODEC
                            .parse(EventType.BACKUP_FAILED, failed.get(0).value())
                            .reason())
                    .startsWith("stuck in ")
                    .contains("no progress for 3s (day2.jobs.stuck-after)");
            assertThat(replica.log()
                            .lines()
                            .filter(line -> line.contains("\"job\":\"backup/" + name + "\"")
                                    && line.contains("\"service\":\"backup-service\""))
                            .map(line -> line.replaceAll(".*\"message\":\"([^\"]*)\".*", "$1")))
                    .as("JSON log lines of the job, found by its name")
                    .anyMatch(message -> message.contains("stuck in "));
            replicas.clusters.get(0).faults().clear();
            assertThat(replicas.await(EventType.SNAPSHOT_TAKEN, name, 1, Duration.ofSeconds(10)))
                    .as("the cancelled worker completes nothing")
                    .isEmpty();
        } finally {
            replicas.clusters.get(0).faults().clear();
            replica.close();
        }
    }

    /** Asks for a backup of the primary's {@code default} namespace, as another system would. */
    private static void requestBackup(String name) {
        replicas.bus.publish(BackupRequestedBuilder.backupRequested()
                .name(name)
                .cluster("primary")
                .includedNamespaces(List.of("default"))
                .build());
    }

    /** Every file under {@code folder} by relative path, with its sha256. */
    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(file).toString(), BackupWriter.sha256Hex(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    private static ServiceProcess start() {
        return start(Map.of());
    }

    private static ServiceProcess start(Map<String, String> extra) {
        return replicas.replica(key, extra);
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
