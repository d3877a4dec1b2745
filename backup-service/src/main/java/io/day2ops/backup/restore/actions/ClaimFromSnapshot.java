package io.day2ops.backup.restore.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import io.day2ops.backup.volumes.CsiApi;
import io.day2ops.events.VolumeSnapshotInfo;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A claim whose volume the backup snapshotted is recreated from that snapshot, as Velero's CSI restore does: a
 * VolumeSnapshotContent pointing at the snapshot's handle ({@code deletionPolicy: Retain}, so deleting the restored
 * namespace never deletes the backup's data), a VolumeSnapshot bound to it in the target namespace, and the claim's
 * {@code dataSource} pointing at that VolumeSnapshot. Works across namespaces and clusters that share the storage.
 */
@Singleton
public class ClaimFromSnapshot implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("persistentvolumeclaims");
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext context) {
        String claim = item.name();
        String targetNamespace = item.targetNamespace();
        VolumeSnapshotInfo snapshot = context.snapshotOf(item.sourceNamespace(), claim);
        if (snapshot == null) {
            return Result.proceed();
        }
        KubernetesClient client = context.client();
        String restore = context.request().name();
        String name = claim + "-" + hash(restore + "/" + targetNamespace + "/" + claim, 10);
        String content = "day2ops-" + hash(restore + "/" + targetNamespace + "/" + claim, 20);
        if (!context.dryRun() && !exists(client, targetNamespace, claim)) {
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
        ObjectNode spec = item.desired().with("spec");
        spec.remove("volumeName");
        spec.remove("dataSourceRef");
        spec.putObject("dataSource")
                .put("apiGroup", CsiApi.GROUP)
                .put("kind", "VolumeSnapshot")
                .put("name", name);
        context.volumeRestored();
        return Result.proceed();
    }

    private static boolean exists(KubernetesClient client, String namespace, String claim) {
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
