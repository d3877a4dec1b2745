package io.day2ops.sandbox;

import static io.day2ops.sandbox.SandboxClusterTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandboxes' exec API (scripted by pod annotation, recorded as Events) and CSI snapshots: snapshots of bound
 * claims, pre-provisioned contents in another cluster over the same storage, claims provisioned from a snapshot, and
 * deletion policies.
 */
class SandboxVolumesAndExecTest {

    static final ResourceDefinitionContext SNAPSHOTS = context("VolumeSnapshot", "volumesnapshots", true);
    static final ResourceDefinitionContext CONTENTS = context("VolumeSnapshotContent", "volumesnapshotcontents", false);

    private SandboxCluster primary;
    private SandboxCluster standby;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        primary = SandboxCluster.start("primary", 0, 10, "sandbox/common.yaml", "sandbox/primary.yaml");
        standby = SandboxCluster.start("standby", 0, 10, "sandbox/common.yaml", "sandbox/standby.yaml");
        client = primary.client();
    }

    @AfterEach
    void stop() {
        primary.close();
        standby.close();
    }

    @Test
    void execAnswersWithTheScriptedExitCodeAndOutputAndRecordsAnEvent() throws Exception {
        client.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("db-0")
                        .addToAnnotations(
                                SandboxCluster.EXEC_SCRIPT,
                                "[{\"match\": \"--freeze\", \"exitCode\": 3, \"stdout\": \"frozen?\","
                                        + " \"stderr\": \"fsfreeze: Device or resource busy\"}]")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("db")
                        .withImage("postgres:16")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        await(
                "db-0 running",
                () -> "Running"
                        .equals(client.pods()
                                .inNamespace("default")
                                .withName("db-0")
                                .get()
                                .getStatus()
                                .getPhase()));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int failed = exec("db-0", "db", out, err, "/sbin/fsfreeze", "--freeze", "/var/lib/data");
        assertThat(failed).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("frozen?");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("fsfreeze: Device or resource busy");
        int ok = exec("db-0", "db", new ByteArrayOutputStream(), new ByteArrayOutputStream(), "sync");
        assertThat(ok).isZero();

        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .filteredOn(e -> "Exec".equals(e.getReason()))
                .extracting(e -> e.getMessage())
                .containsExactlyInAnyOrder("db: /sbin/fsfreeze --freeze /var/lib/data exited 3", "db: sync exited 0");
        assertThatThrownBy(() -> exec("db-0", "sidecar", out, err, "true")).hasMessageContaining("sidecar");
        assertThatThrownBy(() -> exec("nope", "db", out, err, "true")).isInstanceOf(KubernetesClientException.class);
    }

    @Test
    void aSnapshotOfABoundClaimRestoresIntoAnotherClusterThroughAPreProvisionedContent() {
        client.persistentVolumeClaims()
                .inNamespace("default")
                .resource(claim("data", "standard"))
                .create();
        await("data bound", () -> phase(client, "data").equals("Bound"));
        client.genericKubernetesResources(SNAPSHOTS)
                .inNamespace("default")
                .resource(snapshot("data-snap", Map.of("persistentVolumeClaimName", "data")))
                .create();
        await("snapshot ready", () -> ready(client, "default", "data-snap"));
        GenericKubernetesResource taken = client.genericKubernetesResources(SNAPSHOTS)
                .inNamespace("default")
                .withName("data-snap")
                .get();
        String contentName = (String) status(taken).get("boundVolumeSnapshotContentName");
        GenericKubernetesResource content = client.genericKubernetesResources(CONTENTS)
                .withName(contentName)
                .get();
        String handle = (String) status(content).get("snapshotHandle");
        assertThat(handle).startsWith("snap-");
        assertThat(status(content).get("restoreSize")).isEqualTo(1073741824);
        assertThat(((Number) status(content).get("creationTime")).longValue()).isPositive();

        // the standby sees the same storage: a content pointing at the handle, a snapshot bound to it, a claim from it
        KubernetesClient other = standby.client();
        other.genericKubernetesResources(CONTENTS)
                .resource(preProvisioned("copied", handle, "restored"))
                .create();
        other.genericKubernetesResources(SNAPSHOTS)
                .inNamespace("default")
                .resource(snapshot("restored", Map.of("volumeSnapshotContentName", "copied")))
                .create();
        await("pre-provisioned snapshot ready", () -> ready(other, "default", "restored"));
        PersistentVolumeClaim fromSnapshot = claim("data", "premium");
        fromSnapshot
                .getSpec()
                .setDataSource(new io.fabric8.kubernetes.api.model.TypedLocalObjectReference(
                        "snapshot.storage.k8s.io", "VolumeSnapshot", "restored"));
        other.persistentVolumeClaims()
                .inNamespace("default")
                .resource(fromSnapshot)
                .create();
        await("restored claim bound", () -> phase(other, "data").equals("Bound"));
        String volume = other.persistentVolumeClaims()
                .inNamespace("default")
                .withName("data")
                .get()
                .getSpec()
                .getVolumeName();
        assertThat(other.persistentVolumes()
                        .withName(volume)
                        .get()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry(SandboxCluster.RESTORED_FROM_SNAPSHOT, handle);

        // policy Delete: deleting the VolumeSnapshot deletes its content and the snapshot; the copy then has no data
        client.genericKubernetesResources(SNAPSHOTS)
                .inNamespace("default")
                .withName("data-snap")
                .delete();
        await(
                "content deleted with its snapshot",
                () -> client.genericKubernetesResources(CONTENTS)
                                .withName(contentName)
                                .get()
                        == null);
        other.genericKubernetesResources(CONTENTS)
                .resource(preProvisioned("late", handle, "late"))
                .create();
        other.genericKubernetesResources(SNAPSHOTS)
                .inNamespace("default")
                .resource(snapshot("late", Map.of("volumeSnapshotContentName", "late")))
                .create();
        await("error reported", () -> {
            GenericKubernetesResource late = other.genericKubernetesResources(SNAPSHOTS)
                    .inNamespace("default")
                    .withName("late")
                    .get();
            return String.valueOf(status(late).get("error")).contains("does not exist in the storage system");
        });
    }

    @Test
    void aClaimWaitsForAMissingSnapshotOrStorageClass() {
        PersistentVolumeClaim waiting = claim("waiting", "standard");
        waiting.getSpec()
                .setDataSource(new io.fabric8.kubernetes.api.model.TypedLocalObjectReference(
                        "snapshot.storage.k8s.io", "VolumeSnapshot", "not-there"));
        client.persistentVolumeClaims().inNamespace("default").resource(waiting).create();
        client.persistentVolumeClaims()
                .inNamespace("default")
                .resource(claim("no-class", "gold"))
                .create();
        client.persistentVolumeClaims()
                .inNamespace("default")
                .resource(claim("bound", "standard"))
                .create();
        await("bound", () -> phase(client, "bound").equals("Bound"));
        primary.reconcile();
        assertThat(phase(client, "waiting")).isNotEqualTo("Bound");
        assertThat(phase(client, "no-class")).isNotEqualTo("Bound");
    }

    private int exec(String pod, String container, ByteArrayOutputStream out, ByteArrayOutputStream err, String... cmd)
            throws Exception {
        try (ExecWatch watch = client.pods()
                .inNamespace("default")
                .withName(pod)
                .inContainer(container)
                .writingOutput(out)
                .writingError(err)
                .exec(cmd)) {
            return watch.exitCode().get(10, TimeUnit.SECONDS);
        }
    }

    private static PersistentVolumeClaim claim(String name, String storageClass) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withStorageClassName(storageClass)
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build();
    }

    private static GenericKubernetesResource snapshot(String name, Map<String, Object> source) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("snapshot.storage.k8s.io/v1")
                .withKind("VolumeSnapshot")
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("source", source))
                .build();
    }

    private static GenericKubernetesResource preProvisioned(String name, String handle, String snapshot) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("snapshot.storage.k8s.io/v1")
                .withKind("VolumeSnapshotContent")
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToAdditionalProperties(
                        "spec",
                        Map.of(
                                "deletionPolicy",
                                "Retain",
                                "driver",
                                "hostpath.csi.k8s.io",
                                "source",
                                Map.of("snapshotHandle", handle),
                                "volumeSnapshotRef",
                                Map.of("name", snapshot, "namespace", "default")))
                .build();
    }

    private static String phase(KubernetesClient client, String claim) {
        PersistentVolumeClaim pvc = client.persistentVolumeClaims()
                .inNamespace("default")
                .withName(claim)
                .get();
        return pvc.getStatus() == null || pvc.getStatus().getPhase() == null
                ? ""
                : pvc.getStatus().getPhase();
    }

    private static boolean ready(KubernetesClient client, String namespace, String name) {
        GenericKubernetesResource snapshot = client.genericKubernetesResources(SNAPSHOTS)
                .inNamespace(namespace)
                .withName(name)
                .get();
        return snapshot != null && Boolean.TRUE.equals(status(snapshot).get("readyToUse"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        return status instanceof Map ? (Map<String, Object>) status : Map.of();
    }

    private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder()
                .withGroup("snapshot.storage.k8s.io")
                .withVersion("v1")
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }
}
