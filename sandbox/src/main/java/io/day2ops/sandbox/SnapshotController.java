package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CSI external-snapshotter and snapshot-controller of a sandbox. A VolumeSnapshot of a Bound claim gets a
 * VolumeSnapshotContent with a new snapshot in {@link CsiSnapshots} (class from {@code volumeSnapshotClassName}, else
 * the driver's default class); a pre-provisioned one ({@code source.volumeSnapshotContentName}) binds to its content
 * when the content's {@code snapshotHandle} exists. Deleting a bound VolumeSnapshot deletes its content when the
 * content's policy is {@code Delete}; deleting such a content deletes the snapshot (in {@link SandboxDispatcher}, as the
 * controller's finalizer would). Problems go to {@code
 * status.error}, as the real controllers report them.
 */
final class SnapshotController implements Controller {

    static final String SNAPSHOTS = "/apis/snapshot.storage.k8s.io/v1/volumesnapshots";
    static final String CONTENTS = "/apis/snapshot.storage.k8s.io/v1/volumesnapshotcontents";
    static final String CLASSES = "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses";
    private static final String DEFAULT_CLASS = "snapshot.storage.kubernetes.io/is-default-class";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;

    SnapshotController(Store store) {
        this.store = store;
    }

    @Override
    public void reconcile(ReconcilePass pass) {
        List<JsonNode> snapshots = store.list(SNAPSHOTS);
        Map<String, JsonNode> snapshotsByRef = new HashMap<>();
        for (JsonNode snapshot : snapshots) {
            snapshotsByRef.put(KubeObjects.ns(snapshot) + "/" + KubeObjects.name(snapshot), snapshot);
            if (!snapshot.path("status").path("readyToUse").asBoolean(false)) {
                reconcileSnapshot(snapshot);
            }
        }
        for (JsonNode content : store.list(CONTENTS)) {
            JsonNode ref = content.path("spec").path("volumeSnapshotRef");
            JsonNode snapshot = snapshotsByRef.get(
                    ref.path("namespace").asText() + "/" + ref.path("name").asText());
            boolean wasBound = content.path("status").has("readyToUse")
                    && !ref.path("uid").asText().isEmpty();
            boolean snapshotGone = snapshot == null
                    || !ref.path("uid")
                            .asText()
                            .equals(snapshot.path("metadata").path("uid").asText());
            if (wasBound
                    && snapshotGone
                    && "Delete"
                            .equals(content.path("spec").path("deletionPolicy").asText())) {
                store.delete(CONTENTS + "/" + KubeObjects.name(content));
                CsiSnapshots.delete(
                        content.path("status").path("snapshotHandle").asText(null));
            }
        }
    }

    private void reconcileSnapshot(JsonNode snapshot) {
        JsonNode source = snapshot.path("spec").path("source");
        String preProvisioned = source.path("volumeSnapshotContentName").asText("");
        if (!preProvisioned.isEmpty()) {
            bindPreProvisioned(snapshot, preProvisioned);
            return;
        }
        String claim = source.path("persistentVolumeClaimName").asText("");
        JsonNode pvc = claim.isEmpty()
                ? null
                : store.get("/api/v1/namespaces/" + KubeObjects.ns(snapshot) + "/persistentvolumeclaims/" + claim);
        if (pvc == null) {
            error(snapshot, "PersistentVolumeClaim \"" + claim + "\" not found");
            return;
        }
        if (!"Bound".equals(pvc.path("status").path("phase").asText())) {
            error(snapshot, "the source PVC " + claim + " is not bound yet");
            return;
        }
        String driver = driverOf(pvc);
        JsonNode snapshotClass = classFor(snapshot, driver);
        if (snapshotClass == null) {
            error(
                    snapshot,
                    "no VolumeSnapshotClass "
                            + snapshot.path("spec")
                                    .path("volumeSnapshotClassName")
                                    .asText("(default)")
                            + " for CSI driver " + driver);
            return;
        }
        String content = "snapcontent-" + snapshot.path("metadata").path("uid").asText();
        String size = pvc.path("status").path("capacity").path("storage").asText("1Gi");
        long bytes = Quantity.getAmountInBytes(new Quantity(size)).longValue();
        JsonNode existing = store.get(CONTENTS + "/" + content);
        if (existing == null) {
            ObjectNode c = JSON.createObjectNode();
            c.put("apiVersion", "snapshot.storage.k8s.io/v1");
            c.put("kind", "VolumeSnapshotContent");
            c.putObject("metadata").put("name", content);
            ObjectNode spec = c.putObject("spec");
            spec.put("deletionPolicy", snapshotClass.path("deletionPolicy").asText("Delete"));
            spec.put("driver", driver);
            spec.put("volumeSnapshotClassName", KubeObjects.name(snapshotClass));
            spec.putObject("source").put("volumeHandle", volumeHandleOf(pvc));
            spec.set("volumeSnapshotRef", ref(snapshot));
            store.create(CONTENTS, c);
            existing = store.get(CONTENTS + "/" + content);
            if (existing == null) {
                return;
            }
        }
        String handle = existing.path("status").path("snapshotHandle").asText("");
        if (handle.isEmpty()) {
            handle = CsiSnapshots.take(volumeHandleOf(pvc), bytes);
            store.replaceStatus(CONTENTS + "/" + content, existing, contentStatus(handle, bytes));
        }
        ready(snapshot, content, size);
    }

    private void bindPreProvisioned(JsonNode snapshot, String contentName) {
        JsonNode content = store.get(CONTENTS + "/" + contentName);
        if (content == null) {
            error(snapshot, "VolumeSnapshotContent " + contentName + " not found");
            return;
        }
        JsonNode ref = content.path("spec").path("volumeSnapshotRef");
        if (!ref.path("name").asText().equals(KubeObjects.name(snapshot))
                || !ref.path("namespace").asText().equals(KubeObjects.ns(snapshot))) {
            error(snapshot, "VolumeSnapshotContent " + contentName + " is bound to another VolumeSnapshot");
            return;
        }
        String handle =
                content.path("spec").path("source").path("snapshotHandle").asText("");
        if (!CsiSnapshots.exists(handle)) {
            error(snapshot, "snapshot " + handle + " does not exist in the storage system");
            return;
        }
        long bytes = CsiSnapshots.size(handle);
        ObjectNode next = ((ObjectNode) content).deepCopy();
        next.with("spec").set("volumeSnapshotRef", ref(snapshot));
        if (store.replace(CONTENTS + "/" + contentName, next)) {
            store.replaceStatus(
                    CONTENTS + "/" + contentName,
                    store.get(CONTENTS + "/" + contentName),
                    contentStatus(handle, bytes));
            ready(snapshot, contentName, bytes + "");
        }
    }

    private JsonNode classFor(JsonNode snapshot, String driver) {
        String named = snapshot.path("spec").path("volumeSnapshotClassName").asText("");
        if (!named.isEmpty()) {
            JsonNode snapshotClass = store.get(CLASSES + "/" + named);
            return snapshotClass != null
                            && driver.equals(snapshotClass.path("driver").asText())
                    ? snapshotClass
                    : null;
        }
        for (JsonNode snapshotClass : store.list(CLASSES)) {
            if (driver.equals(snapshotClass.path("driver").asText())
                    && "true"
                            .equals(snapshotClass
                                    .path("metadata")
                                    .path("annotations")
                                    .path(DEFAULT_CLASS)
                                    .asText())) {
                return snapshotClass;
            }
        }
        return null;
    }

    private String driverOf(JsonNode pvc) {
        JsonNode pv = store.get("/api/v1/persistentvolumes/"
                + pvc.path("spec").path("volumeName").asText());
        return pv == null ? "" : pv.path("spec").path("csi").path("driver").asText("");
    }

    private String volumeHandleOf(JsonNode pvc) {
        JsonNode pv = store.get("/api/v1/persistentvolumes/"
                + pvc.path("spec").path("volumeName").asText());
        return pv == null
                ? ""
                : pv.path("spec").path("csi").path("volumeHandle").asText("");
    }

    private static ObjectNode ref(JsonNode snapshot) {
        ObjectNode ref = JSON.createObjectNode();
        ref.put("apiVersion", "snapshot.storage.k8s.io/v1");
        ref.put("kind", "VolumeSnapshot");
        ref.put("name", KubeObjects.name(snapshot));
        ref.put("namespace", KubeObjects.ns(snapshot));
        ref.put("uid", snapshot.path("metadata").path("uid").asText());
        return ref;
    }

    /** The content's status; {@code creationTime} is when the snapshot was cut, in Unix nanoseconds as the API has it. */
    private static ObjectNode contentStatus(String handle, long bytes) {
        ObjectNode status = JSON.createObjectNode();
        status.put("snapshotHandle", handle);
        status.put("readyToUse", true);
        status.put("restoreSize", bytes);
        java.time.Instant now = java.time.Instant.now();
        status.put("creationTime", now.getEpochSecond() * 1_000_000_000L + now.getNano());
        return status;
    }

    private void ready(JsonNode snapshot, String content, String restoreSize) {
        ObjectNode status = JSON.createObjectNode();
        status.put("boundVolumeSnapshotContentName", content);
        status.put("creationTime", ApiResponses.now());
        status.put("readyToUse", true);
        status.put("restoreSize", restoreSize);
        write(snapshot, status);
    }

    private void error(JsonNode snapshot, String message) {
        ObjectNode status = JSON.createObjectNode();
        status.put("readyToUse", false);
        status.putObject("error").put("message", message);
        write(snapshot, status);
    }

    private void write(JsonNode snapshot, ObjectNode status) {
        JsonNode old = snapshot.path("status");
        // Keep the error's time stable while it does not change.
        if (!Objects.equals(
                        old.path("error").path("message"), status.path("error").path("message"))
                || !Objects.equals(old.path("readyToUse"), status.path("readyToUse"))
                || status.has("boundVolumeSnapshotContentName")) {
            if (status.has("error")) {
                status.with("error").put("time", ApiResponses.now());
            }
            if (!Objects.equals(old, status)) {
                store.replaceStatus(
                        SNAPSHOTS.replace("/volumesnapshots", "")
                                + "/namespaces/" + KubeObjects.ns(snapshot) + "/volumesnapshots/"
                                + KubeObjects.name(snapshot),
                        snapshot,
                        status);
            }
        }
    }
}
