package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.crypto.BackupKeys;
import io.day2ops.backup.crypto.DataKey;
import io.day2ops.backup.crypto.EnvelopeSealer;
import io.day2ops.backup.crypto.Keyring;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.LabelSelector;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.day2ops.testing.InjectCluster;
import io.day2ops.testing.ScrapedMetrics;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** BackupRequested → capture from the primary sandbox → storage → SnapshotTaken, over a real broker and database. */
@Day2FlowTest
class BackupCaptureFlowTest {

    private static final EventCodec CODEC = new EventCodec();

    @jakarta.inject.Inject
    io.vertx.core.Vertx vertx;

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @jakarta.inject.Inject
    io.day2ops.backup.service.BackupGarbageCollector garbageCollector;

    @jakarta.inject.Inject
    io.day2ops.backup.storage.SharedStorageCheck shared;

    @jakarta.inject.Inject
    io.day2ops.backup.storage.StorageLocations locations;

    @ConfigProperty(name = "day2.backup.encryption-key")
    String encryptionKey;

    @InjectBus
    BusClient events;

    @InjectCluster("primary")
    KubernetesClient primary;

    @Test
    void theLabNamespacesAreCapturedIntoVerifiedPartsWithTheManifestLast() throws Exception {
        String name = unique("lab");
        SnapshotTaken taken = backUp(request(name, List.of("default", "kube-system"), List.of(), null, null));

        assertThat(taken.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(taken.cluster()).isEqualTo("primary");
        assertThat(taken.storageLocation()).isEqualTo("default");
        assertThat(taken.itemCounts())
                .containsEntry("deployments.apps", 2)
                .containsEntry("poddisruptionbudgets.policy", 2)
                .containsEntry("namespaces", 2)
                .containsKeys("pods", "replicasets.apps", "services", "configmaps", "serviceaccounts")
                .doesNotContainKeys("events", "endpoints", "nodes", "storageclasses.storage.k8s.io");
        assertThat(taken.totalItems())
                .isEqualTo(
                        taken.itemCounts().values().stream().mapToLong(i -> i).sum());
        assertThat(taken.expiresAt()).isEqualTo(taken.completedAt().plus(Duration.ofHours(720)));
        assertThat(taken.dataTimestamp()).isEqualTo(taken.startedAt());

        Path dir = Path.of(URI.create(taken.uri()));
        byte[] manifestBytes = Files.readAllBytes(dir.resolve("manifest.json"));
        assertThat(sha256(manifestBytes)).isEqualTo(taken.manifestSha256());
        BackupManifest manifest = Json.MAPPER.readValue(manifestBytes, BackupManifest.class);
        assertThat(manifest.parts()).allSatisfy(part -> {
            assertThat(Files.size(dir.resolve(part.path()))).isEqualTo(part.size());
            assertThat(sha256(Files.readAllBytes(dir.resolve(part.path())))).isEqualTo(part.sha256());
        });
        assertThat(taken.sizeBytes())
                .isEqualTo(manifestBytes.length
                        + manifest.parts().stream().mapToLong(p -> p.size()).sum());
        // Pods owned by a controller are recorded but flagged (a restore leaves them to their controller); the
        // static control-plane pods are not owned.
        Map<String, JsonNode> pods = documents(dir.resolve("resources/pods.tar.gz"));
        long owned = pods.values().stream()
                .filter(pod -> pod.path("metadata")
                        .path("ownerReferences")
                        .path(0)
                        .path("controller")
                        .asBoolean())
                .count();
        assertThat(pods).containsKey("namespaces/kube-system/etcd-primary-control-plane.json");
        assertThat(owned).isPositive().isLessThan(pods.size());
        assertThat(manifest.resources())
                .filteredOn(r -> r.resource().equals("pods"))
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.items()).isEqualTo(pods.size());
                    assertThat(entry.flagged()).isEqualTo(owned);
                });

        Map<String, JsonNode> deployments = documents(dir.resolve("resources/deployments.apps.tar.gz"));
        assertThat(deployments)
                .containsOnlyKeys("namespaces/default/critical-app.json", "namespaces/kube-system/coredns.json");
        JsonNode app = deployments.get("namespaces/default/critical-app.json");
        assertThat(app.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(app.path("kind").asText()).isEqualTo("Deployment");
        assertThat(app.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("backup.log"))).contains("backed up 2 deployments.apps");

        asUser("admin")
                .get("/backups/" + name)
                .then()
                .statusCode(200)
                .body("phase", equalTo("Completed"))
                .body("uri", equalTo(taken.uri()))
                .body("manifestSha256", equalTo(taken.manifestSha256()));
    }

    @Test
    void aCompletedBackupIsCountedTimedAndItsItemsAndApiCallsMeasured() {
        String completed = "day2_jobs_total{kind=\"backup\",outcome=\"Completed\"}";
        String timed = "day2_job_duration_seconds_count{kind=\"backup\",outcome=\"Completed\"}";
        String items = "day2_job_items_total{kind=\"backup\"}";
        String calls = "day2_cluster_api_requests_total{cluster=\"primary\",code=\"2xx\"}";
        ScrapedMetrics before = ScrapedMetrics.scrape();

        SnapshotTaken taken = backUp(request(unique("counted"), List.of("default"), List.of(), null, null));

        assertThat(taken.phase()).isEqualTo(BackupPhase.Completed);
        ScrapedMetrics after = ScrapedMetrics.scrape();
        assertThat(after.value(completed) - before.value(completed)).isGreaterThanOrEqualTo(1);
        assertThat(after.value(timed) - before.value(timed)).isGreaterThanOrEqualTo(1);
        assertThat(after.value(items) - before.value(items)).isGreaterThanOrEqualTo(taken.totalItems());
        // every object listed is at least one answered call to the API server, timed
        assertThat(after.value(calls) - before.value(calls)).isGreaterThan(0);
        assertThat(after.text())
                .contains("day2_job_duration_seconds_bucket{kind=\"backup\",outcome=\"Completed\",le=\"60.0\"}")
                .contains("day2_cluster_api_request_duration_seconds_bucket{cluster=\"primary\",le=\"0.1\"}")
                .contains("day2_jobs_queued{kind=\"backup\"}")
                .contains("day2_jobs_running{kind=\"restore\"}")
                .contains("day2_job_oldest_queued_age_seconds{kind=\"backup\"}")
                .contains("day2_job_oldest_claim_age_seconds{kind=\"backup\"}");
    }

    @Test
    void resourceAndLabelFiltersNarrowWhatIsCaptured() {
        LabelSelector selector = new LabelSelector(Map.of("app", "critical-app"), List.of());
        SnapshotTaken taken = backUp(
                request(unique("filtered"), List.of("*"), List.of("deploy", "poddisruptionbudgets"), selector, false));

        assertThat(taken.itemCounts()).containsOnly(Map.entry("deployments.apps", 1));
    }

    @Test
    void orLabelSelectorsTakeObjectsMatchingAnyAndScopedFiltersSplitNamespacedFromClusterScoped() {
        SnapshotTaken either = backUp(BackupRequestedBuilder.backupRequested()
                .name(unique("or-selectors"))
                .cluster("primary")
                .orLabelSelectors(List.of(
                        new LabelSelector(Map.of("app", "critical-app"), List.of()),
                        new LabelSelector(Map.of("app", "web"), List.of())))
                .includedNamespaceScopedResources("services", "deployments", "certificates.pki.day2ops.io")
                .excludedClusterScopedResources("customresourcedefinitions.apiextensions.k8s.io")
                .build());

        assertThat(either.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(either.itemCounts())
                .as("app=critical-app or app=web; no CRD although the Certificate needs it (excluded); the other"
                        + " cluster-scoped kinds are taken whole, so only objects the selectors match (none)")
                .containsOnly(
                        Map.entry("services", 1),
                        Map.entry("deployments.apps", 1),
                        Map.entry("certificates.pki.day2ops.io", 1));
        assertThat(either.warningMessages()).isEmpty();

        SnapshotTaken scoped = backUp(BackupRequestedBuilder.backupRequested()
                .name(unique("scoped"))
                .cluster("primary")
                .includedNamespaces("pki")
                .includedClusterScopedResources("storageclasses")
                .excludedNamespaceScopedResources("configmaps", "serviceaccounts")
                .build());

        assertThat(scoped.itemCounts())
                .as("storage classes whole; the namespace and CRD the certificates need; nothing else cluster-scoped")
                .containsEntry("certificates.pki.day2ops.io", 2)
                .containsEntry("storageclasses.storage.k8s.io", 2)
                .containsEntry("namespaces", 1)
                .containsEntry("customresourcedefinitions.apiextensions.k8s.io", 1)
                .doesNotContainKeys("nodes", "configmaps", "serviceaccounts", "persistentvolumes");

        String mixed = unique("mixed-filters");
        events.publish(BackupRequestedBuilder.backupRequested()
                .name(mixed)
                .cluster("primary")
                .includeClusterResources(true)
                .excludedNamespaceScopedResources("secrets")
                .build());
        assertThat(awaitFailure(mixed).reason())
                .startsWith("Rejected: includeClusterResources, excludedNamespaceScopedResources: the older resource"
                        + " filters");
    }

    @Test
    void secretsAreEncryptedWithTheConfiguredKeyAndBoundToTheirPath() throws Exception {
        primary.secrets()
                .inNamespace("default")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("db-password")
                        .endMetadata()
                        .addToStringData("password", "s3cr3t-value")
                        .build())
                .createOr(existing -> existing.update());
        SnapshotTaken taken = backUp(request(unique("secrets"), List.of("default"), List.of("secrets"), null, false));

        Path archive = Path.of(URI.create(taken.uri())).resolve("resources/secrets.tar.gz");
        Map<String, byte[]> raw = entries(archive);
        assertThat(raw).containsKey("namespaces/default/db-password.json.enc");
        byte[] sealed = raw.get("namespaces/default/db-password.json.enc");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("db-password", "czNjcjN0");

        // nowhere in storage, in any entry of any part: neither the value nor its base64
        try (var files = java.nio.file.Files.walk(archive.getParent().getParent())) {
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                List<byte[]> contents = file.toString().endsWith(".tar.gz")
                        ? List.copyOf(entries(file).values())
                        : List.of(java.nio.file.Files.readAllBytes(file));
                for (byte[] content : contents) {
                    assertThat(new String(content, StandardCharsets.ISO_8859_1))
                            .as(file.toString())
                            .doesNotContain("s3cr3t-value", "czNjcjN0LXZhbHVl");
                }
            }
        }

        // envelope: the backup's data key, wrapped by the configured master key in keys.json, opens it
        Keyring keyring = Keyring.configured(Map.of(), Optional.empty(), Optional.of(encryptionKey));
        BackupKeys keys = Json.MAPPER.readValue(
                Path.of(URI.create(taken.uri())).resolve(BackupKeys.PART).toFile(), BackupKeys.class);
        assertThat(keys.dataKeys()).extracting(DataKey::keyId).containsExactly(keyring.activeId());
        byte[] dataKey = keyring.unwrap(keys.dataKeys(), BackupKeys.context(taken.name(), "primary"));
        EnvelopeSealer sealer = new EnvelopeSealer(dataKey, taken.name(), "primary");
        String path = "resources/secrets.tar.gz/namespaces/default/db-password.json.enc";
        JsonNode secret = Json.MAPPER.readTree(sealer.open(sealed, path));
        assertThat(secret.path("metadata").path("name").asText()).isEqualTo("db-password");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> sealer.open(sealed, "resources/secrets.tar.gz/namespaces/other/db-password.json.enc"))
                .hasMessageContaining("cannot be decrypted");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new EnvelopeSealer(dataKey, "another-backup", "primary").open(sealed, path))
                .as("moved into another backup")
                .hasMessageContaining("cannot be decrypted");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> keyring.unwrap(keys.dataKeys(), BackupKeys.context("another-backup", "primary")))
                .as("keys.json moved to another backup")
                .hasMessageContaining("does not open");
    }

    @Test
    void anUnknownStorageLocationOrAnUnreachableClusterFailsTheBackupWithTheCause() {
        String badLocation = unique("bad-location");
        events.publish(BackupRequestedBuilder.backupRequested()
                .name(badLocation)
                .cluster("primary")
                .storageLocation("offsite")
                .build());
        assertThat(awaitFailure(badLocation).reason()).contains("no storage location named 'offsite'");

        String unreachable = unique("unreachable");
        events.publish(BackupRequested.builder(unreachable, "unreachable").build());
        assertThat(awaitFailure(unreachable).reason()).contains("could not back up cluster unreachable");
        asUser("admin").get("/backups/" + unreachable).then().statusCode(200).body("phase", equalTo("Failed"));
    }

    @Test
    void theLogIsServedAndADeletedBackupLeavesStorageAndCatalog() {
        String name = unique("deleted");
        SnapshotTaken taken = backUp(request(name, List.of("default"), List.of("configmaps"), null, false));
        Path dir = Path.of(URI.create(taken.uri()));

        asUser("admin")
                .get("/backups/" + name + "/logs")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("backed up"))
                .body(org.hamcrest.Matchers.containsString(" configmaps"));
        asUser("admin").delete("/backups/" + name).then().statusCode(204);

        assertThat(dir).doesNotExist();
        asUser("admin").get("/backups/" + name).then().statusCode(404);
        asUser("admin").delete("/backups/" + name).then().statusCode(404);
    }

    @Test
    void expiredBackupsAreDeletedByGarbageCollectionAndOthersAreKept() {
        String expiring = unique("expiring");
        SnapshotTaken shortLived = backUp(BackupRequestedBuilder.backupRequested()
                .name(expiring)
                .cluster("primary")
                .includedNamespaces(List.of("default"))
                .includedResources(List.of("configmaps"))
                .includeClusterResources(false)
                .ttl("1s")
                .build());
        String kept = unique("kept");
        SnapshotTaken longLived = backUp(request(kept, List.of("default"), List.of("configmaps"), null, false));
        await().atMost(TIMEOUT).until(() -> java.time.Instant.now().isAfter(shortLived.expiresAt()));

        int deleted = VertxContexts.onSafeContext(vertx, () -> garbageCollector.collectOnce())
                .await()
                .atMost(TIMEOUT);

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(Path.of(URI.create(shortLived.uri()))).doesNotExist();
        asUser("admin").get("/backups/" + expiring).then().statusCode(404);
        assertThat(Path.of(URI.create(longLived.uri())).resolve("manifest.json"))
                .exists();
        asUser("admin").get("/backups/" + kept).then().statusCode(200);
    }

    @Test
    void aBackupWhoseWorkerWasKilledMidWayIsTakenOverAndWrittenWhole() throws Exception {
        String name = unique("taken-over");
        String request = CODEC.toJson(request(name, List.of("default"), List.of("configmaps"), null, false));
        // What a replica killed mid-backup leaves: the catalog entry InProgress, its job claimed with a heartbeat that
        // stopped long ago, half a backup in storage and no manifest.
        pool.withTransaction(connection -> connection
                        .preparedQuery("INSERT INTO backup (name, cluster, phase, request, request_event_id,"
                                + " created_at, started_at) VALUES ($1, 'primary', 'InProgress', $2, $3, now(), now())")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(
                                name, request, UUID.randomUUID().toString()))
                        .chain(() -> connection
                                .preparedQuery("INSERT INTO job (kind, name, phase, payload, attempts, owner,"
                                        + " heartbeat_at, created_at, started_at) VALUES ('backup', $1, 'InProgress',"
                                        + " $2, 1, 'killed-replica', now() - interval '1 hour', now() - interval"
                                        + " '1 hour', now() - interval '1 hour')")
                                .execute(io.vertx.mutiny.sqlclient.Tuple.of(name, request))))
                .await()
                .atMost(TIMEOUT);
        Path leftover = Path.of("target/backups", name, "resources/pods.tar.gz");
        Files.createDirectories(leftover.getParent());
        Files.writeString(leftover, "half a part");

        List<ConsumerRecord<String, String>> records = events.await(
                EventType.SNAPSHOT_TAKEN.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);

        SnapshotTaken taken =
                CODEC.parse(EventType.SNAPSHOT_TAKEN, records.get(0).value());
        assertThat(taken.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(taken.itemCounts()).containsOnlyKeys("configmaps");
        assertThat(leftover).doesNotExist();
        assertThat(Path.of(URI.create(taken.uri())).resolve("manifest.json")).exists();
    }

    @Test
    void aFolderAnotherReplicaDoesNotShareIsRefusedUntilItsMarkerShowsThatItDoes() throws Exception {
        // another live replica, as its row looks (kept live for the test), whose marker this folder does not have
        String other = "backup-elsewhere-" + UUID.randomUUID().toString().substring(0, 8);
        Path marker = locations
                .writableFolders()
                .get("default")
                .root()
                .resolve(io.day2ops.backup.storage.SharedStorageCheck.MARKERS)
                .resolve(other);
        pool.preparedQuery("INSERT INTO storage_replica (location, replica, seen_at)"
                        + " VALUES ('default', $1, now() + interval '1 hour')")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(other))
                .await()
                .atMost(Duration.ofSeconds(10));
        try {
            shared.check();
            String refused = unique("unshared");
            events.publish(request(refused, List.of("default"), List.of("configmaps"), null, false));
            List<ConsumerRecord<String, String>> failed = events.await(
                    EventType.BACKUP_FAILED.topic(),
                    r -> refused.equals(BusClient.header(r, "ce_subject")),
                    1,
                    TIMEOUT);
            assertThat(failed).hasSize(1);
            assertThat(CODEC.parse(EventType.BACKUP_FAILED, failed.get(0).value())
                            .reason())
                    .contains("storage location default is the folder")
                    .contains("does not share with [" + other + "]")
                    .contains("ReadWriteMany");

            Files.writeString(marker, "the other replica wrote this: the folder is shared after all");
            shared.check();
            SnapshotTaken taken =
                    backUp(request(unique("shared"), List.of("default"), List.of("configmaps"), null, false));
            assertThat(taken.phase()).isEqualTo(BackupPhase.Completed);
        } finally {
            pool.preparedQuery("DELETE FROM storage_replica WHERE replica = $1")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(other))
                    .await()
                    .atMost(Duration.ofSeconds(10));
            Files.deleteIfExists(marker);
            shared.check();
        }
    }

    private SnapshotTaken backUp(BackupRequested request) {
        events.publish(request);
        List<ConsumerRecord<String, String>> records = events.await(
                EventType.SNAPSHOT_TAKEN.topic(),
                r -> request.name().equals(BusClient.header(r, "ce_subject")),
                1,
                TIMEOUT);
        assertThat(records).as("SnapshotTaken for " + request.name()).hasSize(1);
        try {
            return CODEC.parse(EventType.SNAPSHOT_TAKEN, records.get(0).value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private BackupFailed awaitFailure(String name) {
        List<ConsumerRecord<String, String>> records = events.await(
                EventType.BACKUP_FAILED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as("BackupFailed for " + name).hasSize(1);
        try {
            return CODEC.parse(EventType.BACKUP_FAILED, records.get(0).value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static BackupRequested request(
            String name,
            List<String> namespaces,
            List<String> resources,
            LabelSelector selector,
            Boolean includeClusterResources) {
        return BackupRequestedBuilder.backupRequested()
                .name(name)
                .cluster("primary")
                .includedNamespaces(namespaces)
                .includedResources(resources)
                .labelSelector(selector)
                .includeClusterResources(includeClusterResources)
                .build();
    }

    static Map<String, JsonNode> documents(Path archive) throws IOException {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : entries(archive).entrySet()) {
            documents.put(entry.getKey(), Json.MAPPER.readTree(entry.getValue()));
        }
        return documents;
    }

    static Map<String, byte[]> entries(Path archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries.put(entry.getName(), tar.readAllBytes());
            }
        }
        return entries;
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
