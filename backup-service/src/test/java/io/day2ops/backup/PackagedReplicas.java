package io.day2ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.fixtures.RestoreRequestedBuilder;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.sandbox.Sandboxes;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Replicas;
import io.day2ops.testing.ServiceProcess;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The packaged backup-service run as replicas (processes, prod profile) for the integration tests: the two sandbox
 * clusters, a bus client, one database and one consumer group for all of them (its offsets put at the end of the
 * request topics first, so each replica reads exactly what is published after), a work folder, and helpers to wait for
 * answers and restore.
 */
final class PackagedReplicas implements AutoCloseable {

    static final EventCodec CODEC = new EventCodec();
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    final List<SandboxCluster> clusters;
    final BusClient bus;
    final Path work;
    private final Replicas replicas;

    private PackagedReplicas(String name) {
        clusters = Sandboxes.start(0, 0, 10);
        replicas = new Replicas(
                "backup-service",
                name,
                Map.of(
                        "backup-requested", EventType.BACKUP_REQUESTED.topic(),
                        "restore-requested", EventType.RESTORE_REQUESTED.topic()),
                Map.of(
                        "day2.clusters.primary.url", clusters.get(0).url(),
                        "day2.clusters.standby.url", clusters.get(1).url()));
        bus = replicas.bus;
        work = replicas.work;
    }

    /** The infrastructure of one test class, {@code name} naming its folder, database and consumer group. */
    static PackagedReplicas start(String name) {
        return new PackagedReplicas(name);
    }

    /** A fresh random master key, base64. */
    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Starts a replica with {@code config} on top of the shared settings and waits until it is Ready. */
    ServiceProcess replica(Map<String, String> config) {
        return replicas.replica(config);
    }

    /**
     * Starts a Ready replica that writes to this class's folder with master key {@code key}, its primary answering
     * within 30 s, a 2 s shutdown grace and no etcd verification, plus {@code extra}.
     */
    ServiceProcess replica(String key, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(extra);
        config.putAll(Map.of(
                "day2.clusters.primary.request-timeout", "30s",
                "day2.storage.locations.default.path", work.resolve("backups").toString(),
                "day2.backup.encryption-key", key,
                "day2.jobs.shutdown-grace", "2s",
                "day2.backup.verify-etcd-snapshots", "false"));
        return replica(config);
    }

    /** Starts a replica without waiting (for one that is expected to refuse to start). */
    ServiceProcess starting(Map<String, String> config) {
        return replicas.starting(config);
    }

    /** Up to {@code count} records of {@code type} about {@code subject}, waiting at most {@code timeout}. */
    List<ConsumerRecord<String, String>> await(EventType<?> type, String subject, int count, Duration timeout) {
        return bus.await(type.topic(), r -> subject.equals(BusClient.header(r, "ce_subject")), count, timeout);
    }

    /** Restores {@code namespace} of {@code backup} into the standby as {@code target}; the answer. */
    RestoreCompleted restore(String backup, String namespace, String target) throws Exception {
        String name = "restore-" + UUID.randomUUID().toString().substring(0, 8);
        bus.publish(RestoreRequestedBuilder.restoreRequested()
                .name(name)
                .cluster("standby")
                .backupName(backup)
                .includedNamespaces(List.of(namespace))
                .namespaceMapping(Map.of(namespace, target))
                .build());
        List<ConsumerRecord<String, String>> records =
                await(EventType.RESTORE_COMPLETED, name, 1, Duration.ofSeconds(60));
        assertThat(records).as("RestoreCompleted for " + name).hasSize(1);
        return CODEC.parse(EventType.RESTORE_COMPLETED, records.get(0).value());
    }

    @Override
    public void close() {
        replicas.close();
        clusters.forEach(SandboxCluster::close);
    }
}
