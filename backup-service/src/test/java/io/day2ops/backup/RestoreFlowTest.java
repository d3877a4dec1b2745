package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.RestoreRequested;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.RestoreRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RestoreRequested → verified restore into the standby sandbox → RestoreCompleted: the round trip of the lab's
 * {@code default} namespace under a mapped name, conflicts, updates, dry runs, and corrupt or missing backups.
 */
@Day2FlowTest
class RestoreFlowTest {

    private static final EventCodec CODEC = new EventCodec();
    /** What the lab's default namespace holds that a restore must bring back, by fabric8 API version and kind. */
    private static final List<String[]> RESTORED_KINDS = List.of(
            new String[] {"apps/v1", "Deployment"},
            new String[] {"v1", "Service"},
            new String[] {"v1", "ConfigMap"},
            new String[] {"policy/v1", "PodDisruptionBudget"});

    @ConfigProperty(name = "day2.clusters.primary.url")
    String primaryUrl;

    @ConfigProperty(name = "day2.clusters.standby.url")
    String standbyUrl;

    @InjectBus
    BusClient events;

    private KubernetesClient primary;
    private KubernetesClient standby;

    @BeforeEach
    void connect() {
        primary = client(primaryUrl);
        standby = client(standbyUrl);
    }

    @AfterEach
    void disconnect() {
        primary.close();
        standby.close();
    }

    @Test
    void theLabRoundTripsIntoTheStandbyUnderAMappedNamespaceThenConflictsThenConverges() {
        await().atMost(TIMEOUT)
                .ignoreExceptions() // a status not written yet is "not yet"
                .until(() -> primary.apps()
                                .deployments()
                                .inNamespace("default")
                                .withName("critical-app")
                                .get()
                                .getStatus()
                                .getAvailableReplicas()
                        != null);
        String backup = backUp("default");
        String target = unique("drill-default");
        String items = "day2_job_items_total{kind=\"restore\"}";
        double before = io.day2ops.testing.ScrapedMetrics.scrape().value(items);

        RestoreCompleted first = restore(request(backup, target, null, false));
        assertThat(first.phase()).isEqualTo(BackupPhase.Completed);
        // restores report progress per object (a restore that stops advancing fails as stuck), counted as items
        assertThat(io.day2ops.testing.ScrapedMetrics.scrape().value(items) - before)
                .isGreaterThanOrEqualTo(first.itemsRestored());
        assertThat(first.errors()).isZero();
        assertThat(first.itemsSkipped())
                .as("critical-app's ReplicaSet and pods")
                .isPositive();
        assertThat(first.restoredWorkloads())
                .as("what a drill verifies, under the mapped namespace")
                .contains("Deployment/" + target + "/critical-app", "Service/" + target + "/critical-app")
                .allMatch(w -> w.split("/")[1].equals(target));
        for (String[] kind : RESTORED_KINDS) {
            List<GenericKubernetesResource> originals = primary.genericKubernetesResources(kind[0], kind[1])
                    .inNamespace("default")
                    .list()
                    .getItems();
            assertThat(originals).as(kind[1]).isNotEmpty();
            for (GenericKubernetesResource original : originals) {
                GenericKubernetesResource restored = standby.genericKubernetesResources(kind[0], kind[1])
                        .inNamespace(target)
                        .withName(original.getMetadata().getName())
                        .get();
                assertThat(restored)
                        .as(kind[1] + " " + original.getMetadata().getName())
                        .isNotNull();
                assertThat(userFields(restored)).isEqualTo(userFields(original));
            }
        }
        // the standby's controllers run what was restored
        await().atMost(TIMEOUT)
                .ignoreExceptions() // a status not written yet is "not yet"
                .untilAsserted(() -> assertThat(standby.apps()
                                .deployments()
                                .inNamespace(target)
                                .withName("critical-app")
                                .get()
                                .getStatus()
                                .getAvailableReplicas())
                        .isEqualTo(3));

        RestoreCompleted second = restore(request(backup, target, null, false));
        assertThat(second.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(second.itemsRestored()).isZero();
        assertThat(second.conflicts()).isEqualTo(first.itemsRestored());
        asUser("viewer")
                .get("/restores/" + second.name() + "/items")
                .then()
                .statusCode(200)
                .body(
                        "find { it.name == 'critical-app-config' }.message",
                        equalTo("already exists; left as it is (existingResourcePolicy none); it matches the backup"));

        standby.configMaps().inNamespace(target).withName("critical-app-config").edit(cm -> {
            cm.getData().put("LOG_LEVEL", "debug");
            return cm;
        });
        standby.apps()
                .deployments()
                .inNamespace(target)
                .withName("critical-app")
                .scale(1);
        RestoreCompleted third = restore(request(backup, target, "update", false));
        assertThat(third.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(third.itemsRestored()).isEqualTo(first.itemsRestored());
        assertThat(standby.configMaps()
                        .inNamespace(target)
                        .withName("critical-app-config")
                        .get()
                        .getData())
                .containsEntry("LOG_LEVEL", "info");
        assertThat(standby.apps()
                        .deployments()
                        .inNamespace(target)
                        .withName("critical-app")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(3);

        asUser("admin")
                .get("/restores/" + third.name())
                .then()
                .statusCode(200)
                .body("phase", equalTo("Completed"))
                .body("backupName", equalTo(backup));
        asUser("admin")
                .get("/restores/" + third.name() + "/items")
                .then()
                .statusCode(200)
                .body("find { it.name == 'critical-app-config' }.action", equalTo("Updated"));
    }

    @Test
    void aDryRunPlansAndCreatesNothing() {
        String backup = backUp("default");
        String target = unique("dry");

        RestoreCompleted planned = restore(request(backup, target, null, true));

        assertThat(planned.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(planned.dryRun()).isTrue();
        assertThat(planned.itemsRestored()).isPositive();
        assertThat(standby.namespaces().withName(target).get()).isNull();
    }

    @Test
    void aDryRunDiffsAgainstTheTargetReportingExactlyTheChangedFieldAndTheDeletedObject() {
        String backup = backUp("default");
        String target = unique("diff");
        RestoreCompleted first = restore(request(backup, target, null, false));
        assertThat(first.errors()).isZero();
        assertThat(standby.configMaps()
                        .inNamespace(target)
                        .withName("critical-app-config")
                        .get()
                        .getMetadata()
                        .getLabels())
                .as("what a restore creates carries its name and its backup's, as Velero's do")
                .containsEntry("velero.io/restore-name", first.name())
                .containsEntry("velero.io/backup-name", backup);
        standby.configMaps().inNamespace(target).withName("critical-app-config").edit(cm -> {
            cm.getData().put("LOG_LEVEL", "debug");
            return cm;
        });
        standby.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(target)
                .withName("critical-app-pdb")
                .delete();

        RestoreCompleted planned = restore(request(backup, target, null, true));
        assertThat(planned.phase()).isEqualTo(BackupPhase.Completed);

        JsonNode diff = Json.tree(asUser("viewer")
                .get("/restores/" + planned.name() + "/diff")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        List<JsonNode> changed = new java.util.ArrayList<>();
        diff.path("objects").forEach(o -> {
            if (!List.of("unchanged", "skipped").contains(o.path("change").asText())) {
                changed.add(o);
            }
        });
        assertThat(changed)
                .as(diff.toPrettyString())
                .extracting(o -> o.path("change").asText() + " "
                        + o.path("resource").asText() + " " + o.path("name").asText())
                .containsExactlyInAnyOrder(
                        "differs configmaps critical-app-config",
                        "create poddisruptionbudgets.policy critical-app-pdb");
        JsonNode configMap = changed.stream()
                .filter(o -> o.path("change").asText().equals("differs"))
                .findFirst()
                .orElseThrow();
        assertThat(configMap.path("patch").toString())
                .isEqualTo("[{\"op\":\"replace\",\"path\":\"/data/LOG_LEVEL\",\"value\":\"info\"}]");
        assertThat(configMap.path("reason").asText()).contains("existingResourcePolicy none leaves it as it is");
        assertThat(diff.path("summary").path("unchanged").asLong())
                .as("the Deployment and Service restored before are as the backup holds them")
                .isGreaterThanOrEqualTo(2);
        assertThat(planned.conflicts())
                .as("a dry run counts what the restore would do: existing objects are conflicts under none")
                .isEqualTo(diff.path("summary").path("unchanged").asLong() + 1);
        assertThat(standby.policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(target)
                        .withName("critical-app-pdb")
                        .get())
                .as("a dry run changes nothing")
                .isNull();

        asUser("viewer")
                .get("/restores/" + first.name() + "/diff")
                .then()
                .statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("was not a dry run"));
    }

    @Test
    void recreateDeletesAndCreatesButNeverAClaimAndARestoreResumedCountsItsOwnObjects() {
        String backup = backUp("default");
        String target = unique("recreate");
        RestoreCompleted first = restore(request(backup, target, null, false));
        assertThat(first.errors()).isZero();
        String uid = standby.configMaps()
                .inNamespace(target)
                .withName("critical-app-config")
                .get()
                .getMetadata()
                .getUid();
        standby.configMaps().inNamespace(target).withName("critical-app-config").edit(cm -> {
            cm.getData().put("LOG_LEVEL", "debug");
            return cm;
        });
        standby.persistentVolumeClaims()
                .inNamespace(target)
                .resource(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("data")
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build())
                .create();

        RestoreRequested recreate = RestoreRequestedBuilder.restoreRequested()
                .name(unique("restore"))
                .cluster("standby")
                .backupName(backup)
                .includedNamespaces(List.of())
                .includedResources(List.of("configmaps"))
                .namespaceMapping(Map.of("default", target))
                .existingResourcePolicy("recreate")
                .build();
        RestoreCompleted recreated = restore(recreate);
        assertThat(recreated.errors()).isZero();
        var configMap = standby.configMaps()
                .inNamespace(target)
                .withName("critical-app-config")
                .get();
        assertThat(configMap.getMetadata().getUid())
                .as("deleted and created again")
                .isNotEqualTo(uid);
        assertThat(configMap.getData()).containsEntry("LOG_LEVEL", "info");
        asUser("viewer")
                .get("/restores/" + recreate.name() + "/items")
                .then()
                .statusCode(200)
                .body("find { it.name == 'critical-app-config' }.action", equalTo("Recreated"));

        // a claim is never deleted to be recreated: its data would go with it
        String claimsBackup = unique("rt");
        events.publish(io.day2ops.events.fixtures.BackupRequestedBuilder.backupRequested()
                .name(claimsBackup)
                .cluster("standby")
                .includedNamespaces(List.of(target))
                .includedResources(List.of("persistentvolumeclaims"))
                .snapshotVolumes(false)
                .build());
        snapshot(claimsBackup);
        RestoreCompleted claims = restore(RestoreRequestedBuilder.restoreRequested()
                .name(unique("restore"))
                .cluster("standby")
                .backupName(claimsBackup)
                .includedNamespaces(List.of())
                .includedResources(List.of("persistentvolumeclaims"))
                .existingResourcePolicy("recreate")
                .build());
        assertThat(claims.conflicts()).isEqualTo(1);
        assertThat(claims.errors()).isZero();
        asUser("viewer")
                .get("/restores/" + claims.name() + "/items")
                .then()
                .statusCode(200)
                .body(
                        "find { it.name == 'data' }.message",
                        org.hamcrest.Matchers.containsString("recreate refused for persistentvolumeclaims"));

        // what an interrupted restore leaves: some objects it created (carrying its name), the rest not yet there
        String resumed = unique("restore");
        int ownConfigMaps = 0;
        for (var cm : standby.configMaps().inNamespace(target).list().getItems()) {
            if (cm.getMetadata().getLabels() != null
                    && cm.getMetadata().getLabels().containsKey("velero.io/restore-name")) {
                ownConfigMaps++;
                standby.configMaps()
                        .inNamespace(target)
                        .withName(cm.getMetadata().getName())
                        .edit(c -> {
                            c.getMetadata().getLabels().put("velero.io/restore-name", resumed);
                            return c;
                        });
            }
        }
        standby.apps()
                .deployments()
                .inNamespace(target)
                .withName("critical-app")
                .delete();
        RestoreCompleted again = restore(RestoreRequestedBuilder.restoreRequested()
                .name(resumed)
                .cluster("standby")
                .backupName(backup)
                .includedNamespaces(List.of())
                .includedResources(List.of("configmaps", "deployments"))
                .namespaceMapping(Map.of("default", target))
                .build());
        assertThat(again.conflicts()).as("its own objects are not conflicts").isZero();
        assertThat(ownConfigMaps).isPositive();
        assertThat(again.itemsRestored())
                .as("its own ConfigMaps and the Deployment")
                .isEqualTo(ownConfigMaps + 1);
    }

    @Test
    void aByteFlippedInAnyPartFailsTheRestoreNamingThePartAndAppliesNothing() throws Exception {
        String backup = backUp("default");
        SnapshotTaken taken = snapshot(backup);
        Path part = Path.of(URI.create(taken.uri())).resolve("resources/deployments.apps.tar.gz");
        byte[] bytes = Files.readAllBytes(part);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(part, bytes);
        String target = unique("corrupt");

        RestoreCompleted failed = restore(request(backup, target, null, false));

        assertThat(failed.phase()).isEqualTo(BackupPhase.Failed);
        assertThat(failed.failureReason())
                .contains("resources/deployments.apps.tar.gz")
                .contains("does not match the manifest");
        assertThat(failed.itemsRestored()).isZero();
        assertThat(standby.namespaces().withName(target).get()).isNull();
    }

    @Test
    void anUpdateRestoreIntoAProtectedClusterFromASourceNotAllowedIsRejectedAndChangesNothing() {
        String backup = backUp("default");
        String target = unique("protected");
        existingNamespaceWithConfig(target, null);

        RestoreCompleted refused = restoreAs("/chatops", request(backup, target, "update", false));

        assertThat(refused.phase()).isEqualTo(BackupPhase.Failed);
        assertThat(refused.failureReason())
                .startsWith("Rejected: cluster 'standby' is protected: restore-update is allowed only from")
                .contains("not from '/chatops'")
                .contains("day2.policy.clusters.standby.allow.restore-update");
        assertThat(configOf(target)).containsEntry("LOG_LEVEL", "untouched");
        assertThat(standby.apps().deployments().inNamespace(target).list().getItems())
                .isEmpty();
        asUser("admin")
                .get("/restores/" + refused.name())
                .then()
                .statusCode(200)
                .body("phase", equalTo("Failed"))
                .body("requestedBy", equalTo("/chatops"));
        // the same restore without update is not a dangerous one: allowed from anyone
        RestoreCompleted plain = restoreAs("/chatops", request(backup, target, null, false));
        assertThat(plain.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(configOf(target)).containsEntry("LOG_LEVEL", "untouched");
    }

    @Test
    void aRestoreSentLongerAgoThanItsMaxAgeIsRejectedAsExpiredAndAppliesNothing() {
        String backup = backUp("default");
        String target = unique("stale");
        RestoreRequested request = request(backup, target, null, false);

        events.publishSentAt(request, Instant.now().minus(Duration.ofHours(2)));
        RestoreCompleted expired = answer(request);

        assertThat(expired.phase()).isEqualTo(BackupPhase.Failed);
        assertThat(expired.failureReason())
                .startsWith("Rejected: expired: sent at ")
                .contains("commands older than PT1H are not carried out");
        assertThat(standby.namespaces().withName(target).get()).isNull();
    }

    @Test
    void aDrillsRestoreNeverTouchesANamespaceItDidNotCreateAndMarksTheOnesItCreates() {
        String backup = backUp("default");
        String foreign = unique("foreign");
        existingNamespaceWithConfig(foreign, null);

        RestoreCompleted refused = restore(drillRequest(backup, foreign, "drill-a"));

        assertThat(refused.phase()).isEqualTo(BackupPhase.Failed);
        assertThat(refused.failureReason())
                .startsWith("Rejected: namespace " + foreign + " already exists in cluster 'standby' and was not"
                        + " created by drill drill-a");
        assertThat(refused.itemsRestored()).isZero();
        assertThat(configOf(foreign)).containsEntry("LOG_LEVEL", "untouched");

        String fresh = unique("fresh");
        RestoreCompleted created = restore(drillRequest(backup, fresh, "drill-b"));
        assertThat(created.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(standby.namespaces().withName(fresh).get().getMetadata().getAnnotations())
                .containsEntry("day2ops.io/drill", "drill-b");
        // the same drill resumed may go on in its own namespace; another drill may not
        assertThat(restore(drillRequest(backup, fresh, "drill-b")).phase()).isEqualTo(BackupPhase.Completed);
        assertThat(restore(drillRequest(backup, fresh, "drill-c")).failureReason())
                .startsWith("Rejected: namespace " + fresh);

        RestoreCompleted system = restore(drillRequest(backup, "kube-public", "drill-d"));
        assertThat(system.itemsRestored()).isZero();
        assertThat(standby.apps()
                        .deployments()
                        .inNamespace("kube-public")
                        .withName("critical-app")
                        .get())
                .isNull();
    }

    private void existingNamespaceWithConfig(String namespace, String drill) {
        standby.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        standby.configMaps()
                .inNamespace(namespace)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("critical-app-config")
                        .endMetadata()
                        .withData(Map.of("LOG_LEVEL", "untouched"))
                        .build())
                .create();
    }

    private Map<String, String> configOf(String namespace) {
        return standby.configMaps()
                .inNamespace(namespace)
                .withName("critical-app-config")
                .get()
                .getData();
    }

    private static RestoreRequested drillRequest(String backup, String target, String drill) {
        return RestoreRequestedBuilder.restoreRequested()
                .name(unique("restore"))
                .cluster("standby")
                .backupName(backup)
                .includedNamespaces(List.of("default"))
                .namespaceMapping(Map.of("default", target))
                .existingResourcePolicy("update")
                .drillName(drill)
                .build();
    }

    @Test
    void aMissingBackupFailsTheRestoreSayingSo() {
        RestoreCompleted failed = restore(request("no-such-backup", "anywhere", null, false));

        assertThat(failed.phase()).isEqualTo(BackupPhase.Failed);
        assertThat(failed.failureReason()).contains("backup 'no-such-backup' does not exist");
        asUser("admin").get("/restores/" + failed.name()).then().statusCode(200).body("phase", equalTo("Failed"));
    }

    /** The fields a user sets: spec/data, labels, annotations (Service cluster IPs are the cluster's). */
    private static JsonNode userFields(GenericKubernetesResource object) {
        ObjectNode node = Json.MAPPER.valueToTree(object.getAdditionalProperties());
        node.remove("status");
        if (node.path("spec").isObject()) {
            ((ObjectNode) node.get("spec")).remove(List.of("clusterIP", "clusterIPs"));
        }
        ObjectNode labels = Json.MAPPER.valueToTree(object.getMetadata().getLabels());
        if (labels != null) {
            labels.remove(List.of("velero.io/restore-name", "velero.io/backup-name")); // set by the restore
        }
        node.set("labels", labels);
        node.set("annotations", Json.MAPPER.valueToTree(object.getMetadata().getAnnotations()));
        return node;
    }

    private String backUp(String namespace) {
        String name = unique("rt");
        events.publish(BackupCaptureFlowTest.request(name, List.of(namespace), List.of(), null, null));
        snapshot(name);
        return name;
    }

    private SnapshotTaken snapshot(String backup) {
        List<ConsumerRecord<String, String>> records = events.await(
                EventType.SNAPSHOT_TAKEN.topic(), r -> backup.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as("SnapshotTaken for " + backup).hasSize(1);
        try {
            return CODEC.parse(EventType.SNAPSHOT_TAKEN, records.get(0).value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private RestoreCompleted restore(RestoreRequested request) {
        events.publish(request);
        return answer(request);
    }

    private RestoreCompleted restoreAs(String source, RestoreRequested request) {
        events.as(source).publish(request);
        return answer(request);
    }

    private RestoreCompleted answer(RestoreRequested request) {
        List<ConsumerRecord<String, String>> records = events.await(
                EventType.RESTORE_COMPLETED.topic(),
                r -> request.name().equals(BusClient.header(r, "ce_subject")),
                1,
                TIMEOUT);
        assertThat(records).as("RestoreCompleted for " + request.name()).hasSize(1);
        try {
            return CODEC.parse(EventType.RESTORE_COMPLETED, records.get(0).value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RestoreRequested request(String backup, String target, String policy, boolean dryRun) {
        return RestoreRequestedBuilder.restoreRequested()
                .name(unique("restore"))
                .cluster("standby")
                .backupName(backup)
                .includedNamespaces(List.of())
                .namespaceMapping(Map.of("default", target))
                .existingResourcePolicy(policy)
                .dryRun(dryRun)
                .build();
    }

    private static KubernetesClient client(String url) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(url).build())
                .build();
    }
}
