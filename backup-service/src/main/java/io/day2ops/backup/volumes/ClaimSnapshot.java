package io.day2ops.backup.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.VolumeSnapshotInfo;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * The CSI snapshot of one claim for one backup, step by step: create the VolumeSnapshot, wait until it is cut (the
 * point post hooks may run), wait until it is ready, then keep its content with the backup ({@code deletionPolicy:
 * Retain}, the VolumeSnapshot itself deleted) so that losing the namespace does not lose the data. Blocking.
 */
final class ClaimSnapshot {

    static final String BACKUP_ANNOTATION = "day2ops.io/backup";
    private static final long POLL_MILLIS = 100;

    private final KubernetesClient client;
    private final String backup;
    private final JsonNode claim;
    private final String driver;
    private final SnapshotClasses.Choice snapshotClass;
    private final String name;
    private String contentName;

    ClaimSnapshot(
            KubernetesClient client, String backup, JsonNode claim, String driver, SnapshotClasses.Choice choice) {
        this.client = client;
        this.backup = backup;
        this.claim = claim;
        this.driver = driver;
        this.snapshotClass = choice;
        this.name = snapshotName(backup, namespace(), claimName());
    }

    String namespace() {
        return claim.path("metadata").path("namespace").asText();
    }

    String claimName() {
        return claim.path("metadata").path("name").asText();
    }

    String describe() {
        return "persistentvolumeclaim " + namespace() + "/" + claimName();
    }

    /** A problem the snapshot ran into (no exception: one claim's failure does not stop the others). */
    static final class SnapshotException extends Exception {
        SnapshotException(String message) {
            super(message);
        }
    }

    void create() {
        GenericKubernetesResource snapshot = new GenericKubernetesResourceBuilder()
                .withApiVersion(CsiApi.API_VERSION)
                .withKind("VolumeSnapshot")
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace())
                .addToAnnotations(BACKUP_ANNOTATION, backup)
                .addToLabels("app.kubernetes.io/managed-by", "day2ops")
                .endMetadata()
                .addToAdditionalProperties(
                        "spec",
                        Map.of(
                                "volumeSnapshotClassName",
                                snapshotClass.name(),
                                "source",
                                Map.of("persistentVolumeClaimName", claimName())))
                .build();
        client.genericKubernetesResources(CsiApi.SNAPSHOTS)
                .inNamespace(namespace())
                .resource(snapshot)
                .create();
    }

    /** Waits until the storage system has cut the snapshot (bound to a content with a creation time). */
    void awaitCut(Instant deadline) throws SnapshotException, InterruptedException {
        await(deadline, false);
    }

    /** Waits until the snapshot is ready to use. */
    void awaitReady(Instant deadline) throws SnapshotException, InterruptedException {
        await(deadline, true);
    }

    private void await(Instant deadline, boolean ready) throws SnapshotException, InterruptedException {
        while (true) {
            JsonNode status = status(client.genericKubernetesResources(CsiApi.SNAPSHOTS)
                    .inNamespace(namespace())
                    .withName(name)
                    .get());
            if (status == null) {
                throw new SnapshotException("VolumeSnapshot " + namespace() + "/" + name + " disappeared");
            }
            String content = status.path("boundVolumeSnapshotContentName").asText("");
            boolean done = ready
                    ? status.path("readyToUse").asBoolean(false)
                    : !content.isEmpty()
                            && (status.has("creationTime")
                                    || status.path("readyToUse").asBoolean());
            if (done) {
                contentName = content;
                return;
            }
            if (status.has("error")
                    && !status.path("error").path("message").asText("").isEmpty()) {
                throw new SnapshotException("VolumeSnapshot " + namespace() + "/" + name + ": "
                        + status.path("error").path("message").asText());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new SnapshotException("VolumeSnapshot " + namespace() + "/" + name + " was not "
                        + (ready ? "ready to use" : "cut") + " within csiSnapshotTimeout");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Keeps the content with the backup and removes the VolumeSnapshot; returns what the backup records. */
    VolumeSnapshotInfo retain() throws SnapshotException {
        var contents = client.genericKubernetesResources(CsiApi.CONTENTS).withName(contentName);
        JsonNode content = Json.MAPPER.valueToTree(contents.get());
        if (content == null || content.isNull()) {
            throw new SnapshotException("VolumeSnapshotContent " + contentName + " disappeared");
        }
        // Retain first: deleting the VolumeSnapshot of a Delete content would delete the data.
        contents.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"deletionPolicy\":\"Retain\"}}");
        client.genericKubernetesResources(CsiApi.SNAPSHOTS)
                .inNamespace(namespace())
                .withName(name)
                .delete();
        JsonNode contentStatus = content.path("status");
        JsonNode restoreSize = contentStatus.path("restoreSize");
        return new VolumeSnapshotInfo(
                namespace(),
                claimName(),
                claim.path("spec").path("storageClassName").asText(null),
                driver,
                snapshotClass.name(),
                name,
                contentName,
                contentStatus.path("snapshotHandle").asText(),
                claim.path("status").path("capacity").path("storage").asText(null),
                restoreSize.isNumber() ? Long.valueOf(restoreSize.asLong()) : bytes(restoreSize.asText(null)),
                snapshotClass.deletionPolicy());
    }

    /** Removes what this snapshot created (a backup that failed keeps nothing). */
    void discard() {
        try {
            if (contentName != null) {
                client.genericKubernetesResources(CsiApi.CONTENTS)
                        .withName(contentName)
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"spec\":{\"deletionPolicy\":\"" + snapshotClass.deletionPolicy() + "\"}}");
            }
            client.genericKubernetesResources(CsiApi.SNAPSHOTS)
                    .inNamespace(namespace())
                    .withName(name)
                    .delete();
            if (contentName != null && "Delete".equals(snapshotClass.deletionPolicy())) {
                client.genericKubernetesResources(CsiApi.CONTENTS)
                        .withName(contentName)
                        .delete();
            }
        } catch (RuntimeException e) {
            io.quarkus.logging.Log.warnf("could not remove the snapshot of %s: %s", describe(), e.getMessage());
        }
    }

    private static JsonNode status(GenericKubernetesResource resource) {
        if (resource == null) {
            return null;
        }
        Object status = resource.getAdditionalProperties().get("status");
        return status == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(status);
    }

    static Long bytes(String quantity) {
        if (quantity == null || quantity.isBlank()) {
            return null;
        }
        BigDecimal amount = Quantity.getAmountInBytes(new Quantity(quantity));
        return amount.longValue();
    }

    /** {@code <claim>-<10 hex digits of the backup, namespace and claim>}, at most 253 characters. */
    static String snapshotName(String backup, String namespace, String claim) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((backup + "/" + namespace + "/" + claim).getBytes(StandardCharsets.UTF_8));
            String suffix = "-" + HexFormat.of().formatHex(digest).substring(0, 10);
            String head = claim.length() > 253 - suffix.length() ? claim.substring(0, 253 - suffix.length()) : claim;
            return head + suffix;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
