package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.volumes.CsiApi;
import io.day2ops.events.VolumeSnapshotInfo;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A claim whose volume the backup snapshotted is recreated from that snapshot, as Velero's CSI restore does: a
 * VolumeSnapshotContent pointing at the snapshot's handle ({@code deletionPolicy: Retain}, so deleting the restored
 * namespace never deletes the backup's data), a VolumeSnapshot bound to it in the target namespace, and the claim's
 * {@code dataSource} pointing at that VolumeSnapshot. Works across namespaces and clusters that share the storage.
 */
final class ClaimFromSnapshot implements RestoreItemAction {

    private final KubernetesClient client;
    private final String restore;
    private final boolean dryRun;
    private final Map<String, VolumeSnapshotInfo> snapshots = new HashMap<>();
    private final AtomicInteger restored = new AtomicInteger();

    ClaimFromSnapshot(KubernetesClient client, String restore, List<VolumeSnapshotInfo> snapshots, boolean dryRun) {
        this.client = client;
        this.restore = restore;
        this.dryRun = dryRun;
        snapshots.forEach(s -> this.snapshots.put(s.namespace() + "/" + s.persistentVolumeClaim(), s));
    }

    /** Claims set to be provisioned from their snapshot. */
    int restored() {
        return restored.get();
    }

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("persistentvolumeclaims") && !snapshots.isEmpty();
    }

    @Override
    public void execute(ObjectNode desired, String sourceNamespace, String targetNamespace) {
        String claim = desired.path("metadata").path("name").asText();
        VolumeSnapshotInfo snapshot = snapshots.get(sourceNamespace + "/" + claim);
        if (snapshot == null) {
            return;
        }
        String name = claim + "-" + hash(restore + "/" + targetNamespace + "/" + claim, 10);
        String content = "day2ops-" + hash(restore + "/" + targetNamespace + "/" + claim, 20);
        if (!dryRun && !exists(targetNamespace, claim)) {
            GenericKubernetesResource copiedContent = new GenericKubernetesResourceBuilder()
                    .withApiVersion(CsiApi.API_VERSION)
                    .withKind("VolumeSnapshotContent")
                    .withNewMetadata()
                    .withName(content)
                    .addToLabels("app.kubernetes.io/managed-by", "day2ops")
                    .addToAnnotations("day2ops.io/restore", restore)
                    .endMetadata()
                    .addToAdditionalProperties(
                            "spec",
                            Map.of(
                                    "deletionPolicy", "Retain",
                                    "driver", snapshot.driver(),
                                    "source", Map.of("snapshotHandle", snapshot.snapshotHandle()),
                                    "volumeSnapshotRef", Map.of("name", name, "namespace", targetNamespace)))
                    .build();
            GenericKubernetesResource boundSnapshot = new GenericKubernetesResourceBuilder()
                    .withApiVersion(CsiApi.API_VERSION)
                    .withKind("VolumeSnapshot")
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(targetNamespace)
                    .addToLabels("app.kubernetes.io/managed-by", "day2ops")
                    .addToAnnotations("day2ops.io/restore", restore)
                    .endMetadata()
                    .addToAdditionalProperties("spec", Map.of("source", Map.of("volumeSnapshotContentName", content)))
                    .build();
            createIfAbsent(() -> client.genericKubernetesResources(CsiApi.CONTENTS)
                    .resource(copiedContent)
                    .create());
            createIfAbsent(() -> client.genericKubernetesResources(CsiApi.SNAPSHOTS)
                    .inNamespace(targetNamespace)
                    .resource(boundSnapshot)
                    .create());
        }
        ObjectNode spec = desired.with("spec");
        spec.remove("volumeName");
        spec.remove("dataSourceRef");
        spec.putObject("dataSource")
                .put("apiGroup", CsiApi.GROUP)
                .put("kind", "VolumeSnapshot")
                .put("name", name);
        restored.incrementAndGet();
    }

    private boolean exists(String namespace, String claim) {
        return client.persistentVolumeClaims()
                        .inNamespace(namespace)
                        .withName(claim)
                        .get()
                != null;
    }

    /** Creates; an object that exists already (the same restore run again) is fine. */
    private static void createIfAbsent(Runnable create) {
        try {
            create.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new KubernetesClientException(
                        "the target cluster does not serve " + CsiApi.API_VERSION + " (no CSI snapshot CRDs), so the"
                                + " claim cannot be restored from its volume snapshot; install the snapshot"
                                + " controller there, or restore with restorePVs: false",
                        e);
            }
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static String hash(String text, int digits) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, digits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
