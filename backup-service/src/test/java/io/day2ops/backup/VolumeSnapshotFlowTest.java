package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.day2ops.backup.volumes.CsiApi;
import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupHooks;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.BackupResourceHook;
import io.day2ops.events.BackupResourceHookSpec;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.ExecHook;
import io.day2ops.events.ExecRestoreHook;
import io.day2ops.events.HookResult;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.RestoreHooks;
import io.day2ops.events.RestoreRequested;
import io.day2ops.events.RestoreResourceHook;
import io.day2ops.events.RestoreResourceHookSpec;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.VolumeSnapshotInfo;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.events.fixtures.RestoreRequestedBuilder;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Application data (issue 8): a PVC-backed StatefulSet whose pods declare Velero's freeze/unfreeze hooks is backed up
 * with one CSI snapshot per claim, taken between the hooks, kept with the backup, and restored into the standby as
 * claims provisioned from those snapshots; failing hooks fail the backup ({@code Fail}) or make it partial ({@code
 * Continue}); a claim without a snapshot class is reported.
 */
@Day2FlowTest
class VolumeSnapshotFlowTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final List<String> FREEZE = List.of("/sbin/fsfreeze", "--freeze", "/var/lib/data");
    private static final List<String> UNFREEZE = List.of("/sbin/fsfreeze", "--unfreeze", "/var/lib/data");

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
    void aStatefulSetIsSnapshottedBetweenItsHooksAndRestoredIntoTheStandbyFromItsSnapshots() {
        String ns = unique("db");
        database(ns, annotations("Fail", null));
        unsnapshottableClaim(ns);
        String backup = unique("vol");

        events.publish(request(backup, ns, null));
        SnapshotTaken taken = snapshotTaken(backup);

        assertThat(taken.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(taken.volumeSnapshots())
                .extracting(VolumeSnapshotInfo::persistentVolumeClaim)
                .containsExactlyInAnyOrder("data-db-0", "data-db-1");
        assertThat(taken.volumeSnapshots()).allSatisfy(s -> {
            assertThat(s.snapshotHandle()).startsWith("snap-");
            assertThat(s.driver()).isEqualTo("hostpath.csi.k8s.io");
            assertThat(s.volumeSnapshotClass()).isEqualTo("csi-hostpath-snapclass");
            assertThat(s.deletionPolicy()).isEqualTo("Delete");
            assertThat(s.restoreSizeBytes()).isEqualTo(2L << 30);
            // kept with the backup: the content Retain, the namespace's VolumeSnapshot gone
            assertThat(content(s).getAdditionalProperties().get("spec"))
                    .asString()
                    .contains("deletionPolicy=Retain");
            assertThat(primary.genericKubernetesResources(CsiApi.SNAPSHOTS)
                            .inNamespace(ns)
                            .withName(s.volumeSnapshot())
                            .get())
                    .isNull();
        });
        assertThat(taken.volumesSkipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.persistentVolumeClaim()).isEqualTo("scratch");
            assertThat(skipped.reason()).contains("no VolumeSnapshotClass for CSI driver rancher.io/local-path");
        });
        assertThat(taken.warningMessages()).anySatisfy(w -> assertThat(w).contains(ns + "/scratch"));
        assertThat(taken.hooks())
                .hasSize(4)
                .allSatisfy(h -> assertThat(h.outcome()).isEqualTo("Succeeded"))
                .extracting(h -> h.phase() + " " + h.pod() + " " + String.join(" ", h.command()))
                .containsExactlyInAnyOrder(
                        "pre db-0 " + String.join(" ", FREEZE),
                        "post db-0 " + String.join(" ", UNFREEZE),
                        "pre db-1 " + String.join(" ", FREEZE),
                        "post db-1 " + String.join(" ", UNFREEZE));
        // the sandbox kubelet saw freeze, then the storage system cut the snapshot, then unfreeze
        for (VolumeSnapshotInfo snapshot : taken.volumeSnapshots()) {
            String pod = snapshot.persistentVolumeClaim().substring("data-".length());
            long cutAt = ((Number) status(content(snapshot)).get("creationTime")).longValue();
            assertThat(nanos(execAt(ns, pod, "--freeze"))).isLessThan(cutAt);
            assertThat(nanos(execAt(ns, pod, "--unfreeze"))).isGreaterThan(cutAt);
        }
        String log = asUser("admin")
                .get("/backups/" + backup + "/logs")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(log)
                .contains("pre hook <pod annotation> in " + ns + "/db-0 container db")
                .contains("Succeeded");

        String target = ns + "-restored";
        RestoreCompleted restored = restore(restoreInto(
                target,
                backup,
                ns,
                Map.of("standard", "premium"),
                null,
                new RestoreHooks(List.of(new RestoreResourceHookSpec(
                        "ready-check",
                        List.of(ns),
                        null,
                        null,
                        List.of(new RestoreResourceHook(
                                new ExecRestoreHook("db", List.of("pg_isready"), null, "10s", "1m"), null)))))));
        assertThat(restored.phase()).isEqualTo(BackupPhase.Completed);
        assertThat(restored.volumesRestored()).isEqualTo(2);
        for (VolumeSnapshotInfo snapshot : taken.volumeSnapshots()) {
            await().atMost(TIMEOUT).untilAsserted(() -> {
                PersistentVolumeClaim claim = standby.persistentVolumeClaims()
                        .inNamespace(target)
                        .withName(snapshot.persistentVolumeClaim())
                        .get();
                assertThat(claim.getSpec().getDataSource().getKind()).isEqualTo("VolumeSnapshot");
                assertThat(claim.getSpec().getStorageClassName()).isEqualTo("premium");
                assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
                assertThat(standby.persistentVolumes()
                                .withName(claim.getSpec().getVolumeName())
                                .get()
                                .getMetadata()
                                .getAnnotations())
                        .as("the restored volume holds the backed-up snapshot's data")
                        .containsEntry(SandboxCluster.RESTORED_FROM_SNAPSHOT, snapshot.snapshotHandle());
            });
        }
        assertThat(restored.hooks())
                .filteredOn(h -> h.phase().equals("exec"))
                .extracting(HookResult::pod, HookResult::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("db-0", "Succeeded"),
                        org.assertj.core.groups.Tuple.tuple("db-1", "Succeeded"));

        // deleting the backup deletes the snapshots it kept (policy Delete); the standby's copies are Retain
        asUser("admin").delete("/backups/" + backup).then().statusCode(204);
        for (VolumeSnapshotInfo snapshot : taken.volumeSnapshots()) {
            assertThat(content(snapshot)).isNull();
        }
    }

    @Test
    void aFailingPreHookWithOnErrorFailFailsTheBackupWithItsOutputAndKeepsNoSnapshot() {
        String ns = unique("locked");
        Map<String, String> annotations = annotations(
                "Fail",
                "[{\"match\": \"--freeze\", \"exitCode\": 1, \"stderr\": \"fsfreeze: database is locked"
                        + " (PGPASSWORD=hunter2-frozen)\"}]");
        annotations.put("day2ops.io/publish-hook-output", "true");
        database(ns, annotations);
        String backup = unique("vol");

        events.publish(request(backup, ns, null));
        List<ConsumerRecord<String, String>> records = events.await(
                EventType.BACKUP_FAILED.topic(), r -> backup.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).hasSize(1);
        BackupFailed failed = parse(EventType.BACKUP_FAILED, records.get(0).value());
        assertThat(failed.reason())
                .contains("backup hook failed (onError: Fail)")
                .contains("pre hook <pod annotation> in " + ns + "/db-0")
                .contains("exit code 1")
                .as("the pod opted in: the output is published, redacted")
                .contains("fsfreeze: database is locked (PGPASSWORD=***)")
                .doesNotContain("hunter2-frozen");
        assertThat(primary.genericKubernetesResources(CsiApi.SNAPSHOTS)
                        .inNamespace(ns)
                        .list()
                        .getItems())
                .isEmpty();
    }

    @Test
    void aFailingHookWithOnErrorContinueEndsPartiallyFailedAndSaysWhyAndARetainClassOutlivesTheBackup()
            throws java.io.IOException {
        String ns = unique("flaky");
        String retained = unique("retained");
        primary.genericKubernetesResources(CsiApi.CLASSES)
                .resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                        .withApiVersion(CsiApi.API_VERSION)
                        .withKind("VolumeSnapshotClass")
                        .withNewMetadata()
                        .withName(retained)
                        .endMetadata()
                        .addToAdditionalProperties("driver", "hostpath.csi.k8s.io")
                        .addToAdditionalProperties("deletionPolicy", "Retain")
                        .build())
                .create();
        database(
                ns,
                annotations(
                        null,
                        "[{\"match\": \"flush\", \"exitCode\": 2, \"stdout\": \"flush: timeout, token=tok-hunter2"
                                + "\"}]"));
        String backup = unique("vol");
        BackupHooks hooks = new BackupHooks(List.of(new BackupResourceHookSpec(
                "flush-db",
                List.of(ns),
                null,
                null,
                List.of(new BackupResourceHook(
                        new ExecHook("db", List.of("flush", "--password", "pw-hunter2"), "Continue", "10s"))),
                List.of())));

        BackupRequested request = request(backup, ns, hooks);
        events.publish(BackupRequestedBuilder.backupRequested()
                .name(request.name())
                .cluster(request.cluster())
                .includedNamespaces(request.includedNamespaces())
                .ttl(request.ttl())
                .snapshotVolumes(true)
                .volumeSnapshotClass(retained)
                .csiSnapshotTimeout(request.csiSnapshotTimeout())
                .hooks(hooks)
                .build());
        SnapshotTaken taken = snapshotTaken(backup);

        assertThat(taken.phase()).isEqualTo(BackupPhase.PartiallyFailed);
        assertThat(taken.hooks()).hasSize(2).allSatisfy(h -> {
            assertThat(h.hook()).isEqualTo("flush-db");
            assertThat(h.outcome()).isEqualTo("Failed");
            assertThat(h.exitCode()).isEqualTo(2);
            assertThat(h.command()).as("redacted").containsExactly("flush", "--password", "***");
            assertThat(h.output()).as("not opted in: not published").isEmpty();
        });
        assertThat(taken.errorMessages())
                .hasSize(2)
                .allSatisfy(m -> assertThat(m)
                        .contains("flush-db")
                        .contains("onError: Continue")
                        .doesNotContain("hunter2"));
        String log = asUser("admin")
                .get("/backups/" + backup + "/logs")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(log).contains("flush --password ***").doesNotContain("hunter2");
        java.nio.file.Path folder = java.nio.file.Path.of("target/backups", backup);
        assertThat(folder.resolve("hooks.json.enc"))
                .as("the whole outputs are kept with the backup, encrypted")
                .exists();
        try (var files = java.nio.file.Files.walk(folder)) {
            for (java.nio.file.Path file :
                    files.filter(java.nio.file.Files::isRegularFile).toList()) {
                assertThat(new String(
                                java.nio.file.Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file + " holds no hook secret in clear")
                        .doesNotContain("hunter2");
            }
        }
        assertThat(taken.volumeSnapshots())
                .as("the snapshots are still taken")
                .hasSize(2)
                .allSatisfy(v -> {
                    assertThat(v.volumeSnapshotClass())
                            .as("the request's class")
                            .isEqualTo(retained);
                    assertThat(v.deletionPolicy()).isEqualTo("Retain");
                });

        asUser("admin").delete("/backups/" + backup).then().statusCode(204);
        for (VolumeSnapshotInfo snapshot : taken.volumeSnapshots()) {
            assertThat(content(snapshot)).as("kept: its class says Retain").isNotNull();
        }
    }

    @Test
    void restoreHooksAddInitContainersAndAFailingExecWithFailMakesTheRestorePartial() {
        String ns = unique("hooked");
        database(
                ns,
                annotations(
                        null,
                        "[{\"match\": \"migrate\", \"exitCode\": 5, \"stderr\": \"schema locked at"
                                + " postgres://app:url-hunter2@db/app\"}]"));
        primary.pods()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                        .withNewMetadata()
                        .withName("loader")
                        .addToAnnotations("init.hook.restore.velero.io/container-image", "busybox:1.36")
                        .addToAnnotations("init.hook.restore.velero.io/container-name", "restore-data")
                        .addToAnnotations(
                                "init.hook.restore.velero.io/command",
                                "[\"/bin/sh\", \"-c\", \"cp -a /backup/. /data\"]")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("loader")
                        .withImage("busybox:1.36")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        String backup = unique("vol");
        events.publish(request(backup, ns, null));
        assertThat(snapshotTaken(backup).phase()).isEqualTo(BackupPhase.Completed);

        String target = ns + "-restored";
        RestoreCompleted restored = restore(restoreInto(
                target,
                backup,
                ns,
                null,
                false,
                new RestoreHooks(List.of(new RestoreResourceHookSpec(
                        "migrate",
                        List.of(ns),
                        null,
                        new io.day2ops.events.LabelSelector(Map.of("app", "db"), null),
                        List.of(new RestoreResourceHook(
                                new ExecRestoreHook("db", List.of("migrate", "--up"), "Fail", "10s", "1m", true),
                                null)))))));

        assertThat(restored.phase()).isEqualTo(BackupPhase.PartiallyFailed);
        assertThat(restored.failureReason())
                .contains("migrate")
                .as("published (opted in), with the URL's password masked")
                .contains("schema locked at postgres://app:***@db/app")
                .doesNotContain("hunter2");
        assertThat(restored.volumesRestored())
                .as("restorePVs false: claims restored empty")
                .isZero();
        assertThat(restored.hooks())
                .extracting(HookResult::phase, HookResult::pod, HookResult::outcome)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("init", "loader", "Added"),
                        org.assertj.core.groups.Tuple.tuple("exec", "db-0", "Failed"),
                        org.assertj.core.groups.Tuple.tuple("exec", "db-1", "Failed"));
        io.fabric8.kubernetes.api.model.Pod loader =
                standby.pods().inNamespace(target).withName("loader").get();
        assertThat(loader.getSpec().getInitContainers()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("restore-data");
            assertThat(c.getCommand()).containsExactly("/bin/sh", "-c", "cp -a /backup/. /data");
        });
        assertThat(standby.persistentVolumeClaims()
                        .inNamespace(target)
                        .withName("data-db-0")
                        .get()
                        .getSpec()
                        .getDataSource())
                .isNull();
    }

    // ---- fixtures

    /** Into the standby, {@code namespace} mapped to {@code target}. */
    private static RestoreRequested restoreInto(
            String target,
            String backup,
            String namespace,
            Map<String, String> storageClassMapping,
            Boolean restorePVs,
            RestoreHooks hooks) {
        return RestoreRequestedBuilder.restoreRequested()
                .name(unique("restore"))
                .cluster("standby")
                .backupName(backup)
                .includedNamespaces(List.of())
                .namespaceMapping(Map.of(namespace, target))
                .storageClassMapping(storageClassMapping)
                .restorePVs(restorePVs)
                .hooks(hooks)
                .build();
    }

    private static BackupRequested request(String name, String namespace, BackupHooks hooks) {
        return BackupRequestedBuilder.backupRequested()
                .name(name)
                .cluster("primary")
                .includedNamespaces(List.of(namespace))
                .ttl("1h")
                .snapshotVolumes(true)
                .csiSnapshotTimeout("30s")
                .hooks(hooks)
                .build();
    }

    /** The pod template's annotations: Velero's freeze/unfreeze hooks (when onError is given) and a sandbox script. */
    private static Map<String, String> annotations(String onError, String script) {
        Map<String, String> annotations = new java.util.HashMap<>();
        if (onError != null) {
            annotations.put("pre.hook.backup.velero.io/container", "db");
            annotations.put(
                    "pre.hook.backup.velero.io/command", "[\"/sbin/fsfreeze\", \"--freeze\", \"/var/lib/data\"]");
            annotations.put("pre.hook.backup.velero.io/on-error", onError);
            annotations.put("post.hook.backup.velero.io/container", "db");
            annotations.put(
                    "post.hook.backup.velero.io/command", "[\"/sbin/fsfreeze\", \"--unfreeze\", \"/var/lib/data\"]");
        }
        if (script != null) {
            annotations.put(SandboxCluster.EXEC_SCRIPT, script);
        }
        return annotations;
    }

    /** A two-replica StatefulSet with a 2Gi claim per pod, Running and Bound. */
    private void database(String ns, Map<String, String> podAnnotations) {
        primary.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
        StatefulSet set = new StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withServiceName("db")
                .withNewSelector()
                .addToMatchLabels("app", "db")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "db")
                .addToAnnotations(podAnnotations)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("db")
                .withImage("postgres:16")
                .addNewVolumeMount()
                .withName("data")
                .withMountPath("/var/lib/data")
                .endVolumeMount()
                .endContainer()
                .endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("standard")
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("2Gi"))
                .endResources()
                .endSpec()
                .endVolumeClaimTemplate()
                .endSpec()
                .build();
        primary.apps().statefulSets().inNamespace(ns).resource(set).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            StatefulSet live =
                    primary.apps().statefulSets().inNamespace(ns).withName("db").get();
            assertThat(live.getStatus().getReadyReplicas()).isEqualTo(2);
            assertThat(primary.persistentVolumeClaims().inNamespace(ns).list().getItems())
                    .hasSize(2)
                    .allSatisfy(c -> assertThat(c.getStatus().getPhase()).isEqualTo("Bound"));
        });
    }

    private void unsnapshottableClaim(String ns) {
        primary.persistentVolumeClaims()
                .inNamespace(ns)
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("scratch")
                        .endMetadata()
                        .withNewSpec()
                        .withStorageClassName("local-path")
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .addToRequests("storage", new Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .build())
                .create();
        // a claim just created may have no status yet: that is "not Bound yet", not a failure
        await().atMost(TIMEOUT).until(() -> {
            PersistentVolumeClaim claim = primary.persistentVolumeClaims()
                    .inNamespace(ns)
                    .withName("scratch")
                    .get();
            return claim != null
                    && claim.getStatus() != null
                    && "Bound".equals(claim.getStatus().getPhase());
        });
    }

    private GenericKubernetesResource content(VolumeSnapshotInfo snapshot) {
        return primary.genericKubernetesResources(CsiApi.CONTENTS)
                .withName(snapshot.volumeSnapshotContent())
                .get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("status");
    }

    private Instant execAt(String ns, String pod, String commandPart) {
        List<Event> execs = primary.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "Exec".equals(e.getReason()))
                .filter(e -> pod.equals(e.getInvolvedObject().getName()))
                .filter(e -> e.getMessage().contains(commandPart))
                .toList();
        assertThat(execs).as(commandPart + " in " + pod).hasSize(1);
        return Instant.parse(execs.get(0).getEventTime().getTime());
    }

    private static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    private SnapshotTaken snapshotTaken(String backup) {
        List<ConsumerRecord<String, String>> records = events.await(
                EventType.SNAPSHOT_TAKEN.topic(), r -> backup.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as("SnapshotTaken for " + backup).hasSize(1);
        return parse(EventType.SNAPSHOT_TAKEN, records.get(0).value());
    }

    private RestoreCompleted restore(RestoreRequested request) {
        events.publish(request);
        List<ConsumerRecord<String, String>> records = events.await(
                EventType.RESTORE_COMPLETED.topic(),
                r -> request.name().equals(BusClient.header(r, "ce_subject")),
                1,
                TIMEOUT);
        assertThat(records).as("RestoreCompleted for " + request.name()).hasSize(1);
        return parse(EventType.RESTORE_COMPLETED, records.get(0).value());
    }

    private static <T extends io.day2ops.events.Day2Event> T parse(EventType<T> type, String json) {
        try {
            return CODEC.parse(type, json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static KubernetesClient client(String url) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(url).build())
                .build();
    }
}
