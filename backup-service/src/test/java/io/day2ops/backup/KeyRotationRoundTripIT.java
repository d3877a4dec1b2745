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
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
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
 * Key rotation across restarts, as an operator does it, with the packaged service in the prod profile: back up
 * under key A; add key B and make it active, back up again, restore both; take A out while a backup still needs it:
 * the service refuses to start and names the backup; put A back, rewrap; take A out: it starts, and the old backup
 * still restores its Secret exactly. Failsafe, after {@code package}: {@code ./mvnw verify}.
 */
class KeyRotationRoundTripIT {

    private static final EventCodec CODEC = new EventCodec();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private static List<SandboxCluster> clusters;
    private static BusClient bus;
    private static Path work;
    private static String database;
    private static String group;

    @BeforeAll
    static void start() throws Exception {
        clusters = Sandboxes.start(0, 0, 10);
        bus = new BusClient(SharedKafka.bootstrapServers());
        work = Files.createTempDirectory("key-rotation");
        database = SharedPostgres.freshDatabase("rotation");
        group = "backup-service-rotation-" + UUID.randomUUID();
        io.day2ops.testing.ConsumerGroups.startAtEnd(
                group, List.of(EventType.BACKUP_REQUESTED.topic(), EventType.RESTORE_REQUESTED.topic()));
    }

    @AfterAll
    static void stop() {
        if (bus != null) {
            bus.close();
        }
        if (clusters != null) {
            clusters.forEach(SandboxCluster::close);
        }
    }

    @Test
    void rotateWithoutLosingAnyBackupAndRetireTheOldKeyOnlyWhenNothingNeedsIt() throws Exception {
        String a = randomKey();
        String b = randomKey();
        String namespace = "rot-" + UUID.randomUUID().toString().substring(0, 8);
        clusters.get(0)
                .client()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        clusters.get(0)
                .client()
                .secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("db")
                        .endMetadata()
                        .addToData("password", base64("rotation-secret-value"))
                        .build())
                .create();
        String backupA = namespace + "-under-a";
        String backupB = namespace + "-under-b";

        try (ServiceProcess service = start(Map.of("a", a), "a")) {
            assertThat(backUp(backupA, namespace).phase()).isEqualTo(BackupPhase.Completed);
        }

        try (ServiceProcess service = start(Map.of("a", a, "b", b), "b")) {
            assertThat(backUp(backupB, namespace).phase()).isEqualTo(BackupPhase.Completed);
            Map<String, List<String>> keys = keys(service);
            assertThat(keys.get("a")).containsExactly(backupA);
            assertThat(keys.get("b")).containsExactly(backupB);
            assertRestoresExactly(backupA, namespace);
            assertRestoresExactly(backupB, namespace);
        }

        ServiceProcess withoutA = start(Map.of("b", b), "b", false);
        try {
            assertThat(withoutA.awaitExit(Duration.ofSeconds(90)))
                    .as("a keyring without a key a backup needs is refused at start")
                    .isNotZero();
            assertThat(withoutA.log())
                    .contains("the keyring lacks keys that backups need")
                    .contains("key a by 1 backups [" + backupA + "]");
        } finally {
            withoutA.close();
        }

        try (ServiceProcess service = start(Map.of("a", a, "b", b), "b")) {
            List<String> rewrapped = RestAssured.given()
                    .auth()
                    .oauth2(SharedIssuer.token("admin"))
                    .post(service.url() + "/keys/rewrap")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("rewrapped", String.class);
            assertThat(rewrapped).containsExactly(backupA);
            assertThat(keys(service).get("a"))
                    .as("nothing needs key a any more")
                    .isEmpty();
        }

        try (ServiceProcess service = start(Map.of("b", b), "b")) {
            assertRestoresExactly(backupA, namespace);
        }
    }

    private ServiceProcess start(Map<String, String> keys, String active) {
        return start(keys, active, true);
    }

    private ServiceProcess start(Map<String, String> keys, String active, boolean awaitReady) {
        Map<String, String> config = new HashMap<>();
        config.put("day2.clusters.primary.url", clusters.get(0).url());
        config.put("day2.clusters.standby.url", clusters.get(1).url());
        config.put(
                "day2.storage.locations.default.path", work.resolve("backups").toString());
        keys.forEach((id, key) -> config.put("day2.backup.keys." + id, key));
        config.put("day2.backup.active-key", active);
        for (String channel : List.of("backup-requested", "restore-requested")) {
            config.put("mp.messaging.incoming." + channel + ".group.id", group);
            config.put("mp.messaging.incoming." + channel + ".auto.offset.reset", "latest");
        }
        ServiceProcess process = ServiceProcess.start("backup-service", JAR, work, database, config);
        return awaitReady ? process.awaitReady(Duration.ofSeconds(120)) : process;
    }

    private SnapshotTaken backUp(String name, String namespace) throws Exception {
        bus.publish(BackupRequestedBuilder.backupRequested()
                .name(name)
                .cluster("primary")
                .includedNamespaces(List.of(namespace))
                .build());
        List<ConsumerRecord<String, String>> records = bus.await(
                EventType.SNAPSHOT_TAKEN.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as("SnapshotTaken for " + name).hasSize(1);
        return CODEC.parse(EventType.SNAPSHOT_TAKEN, records.get(0).value());
    }

    private void assertRestoresExactly(String backup, String namespace) throws Exception {
        String name = "restore-" + UUID.randomUUID().toString().substring(0, 8);
        String target = name + "-ns";
        bus.publish(RestoreRequestedBuilder.restoreRequested()
                .name(name)
                .cluster("standby")
                .backupName(backup)
                .includedNamespaces(List.of(namespace))
                .namespaceMapping(Map.of(namespace, target))
                .build());
        List<ConsumerRecord<String, String>> records = bus.await(
                EventType.RESTORE_COMPLETED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as("RestoreCompleted for " + name).hasSize(1);
        RestoreCompleted restored =
                CODEC.parse(EventType.RESTORE_COMPLETED, records.get(0).value());
        assertThat(restored.phase()).as(restored.toString()).isEqualTo(BackupPhase.Completed);
        String password = clusters.get(1)
                .client()
                .secrets()
                .inNamespace(target)
                .withName("db")
                .get()
                .getData()
                .get("password");
        assertThat(new String(Base64.getDecoder().decode(password), StandardCharsets.UTF_8))
                .isEqualTo("rotation-secret-value");
    }

    private static Map<String, List<String>> keys(ServiceProcess service) {
        return RestAssured.given()
                .auth()
                .oauth2(SharedIssuer.token("admin"))
                .get(service.url() + "/keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("keys");
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
