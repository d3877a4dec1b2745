package io.day2ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.testing.ServiceProcess;
import io.day2ops.testing.SharedIssuer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
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
 * still restores its Secret exactly. Failsafe, after {@code package}; with the fault suite's slow half ({@code ./day2
 * check faults}, {@code -Dfaults=all}), not in CI: its four restarts take 65 s of CI's 30 minutes.
 */
@FaultSuiteIT.SlowHalf
class KeyRotationRoundTripIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static PackagedReplicas replicas;

    @BeforeAll
    static void infrastructure() throws Exception {
        replicas = PackagedReplicas.start("rotation");
    }

    @AfterAll
    static void release() {
        if (replicas != null) {
            replicas.close();
        }
    }

    @Test
    void rotateWithoutLosingAnyBackupAndRetireTheOldKeyOnlyWhenNothingNeedsIt() throws Exception {
        String a = PackagedReplicas.randomKey();
        String b = PackagedReplicas.randomKey();
        String namespace = "rot-" + UUID.randomUUID().toString().substring(0, 8);
        replicas.clusters
                .get(0)
                .client()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        replicas.clusters
                .get(0)
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
        return replicas.replica(config(keys, active));
    }

    private ServiceProcess start(Map<String, String> keys, String active, boolean awaitReady) {
        return awaitReady ? start(keys, active) : replicas.starting(config(keys, active));
    }

    private Map<String, String> config(Map<String, String> keys, String active) {
        Map<String, String> config = new HashMap<>();
        config.put(
                "day2.storage.locations.default.path",
                replicas.work.resolve("backups").toString());
        keys.forEach((id, key) -> config.put("day2.backup.keys." + id, key));
        config.put("day2.backup.active-key", active);
        return config;
    }

    private SnapshotTaken backUp(String name, String namespace) throws Exception {
        replicas.bus.publish(BackupRequestedBuilder.backupRequested()
                .name(name)
                .cluster("primary")
                .includedNamespaces(List.of(namespace))
                .build());
        List<ConsumerRecord<String, String>> records = replicas.await(EventType.SNAPSHOT_TAKEN, name, 1, TIMEOUT);
        assertThat(records).as("SnapshotTaken for " + name).hasSize(1);
        return PackagedReplicas.CODEC.parse(
                EventType.SNAPSHOT_TAKEN, records.get(0).value());
    }

    private void assertRestoresExactly(String backup, String namespace) throws Exception {
        String target = "restored-" + UUID.randomUUID().toString().substring(0, 8);
        RestoreCompleted restored = replicas.restore(backup, namespace, target);
        assertThat(restored.phase()).as(restored.toString()).isEqualTo(BackupPhase.Completed);
        String password = replicas.clusters
                .get(1)
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

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
