package io.day2ops.sandbox;

import static io.day2ops.sandbox.KubeObjects.name;
import static io.day2ops.sandbox.KubeObjects.ns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The volume provisioner: PersistentVolumeClaims of an existing StorageClass get a bound PersistentVolume, provisioned from a VolumeSnapshot once it is ready when the claim names one. */
final class ClaimBinder extends SimulatedController {

    ClaimBinder(Store store, double speed, Map<String, Long> startedAt) {
        super(store, speed, startedAt);
    }

    @Override
    public void reconcile(ReconcilePass pass) {
        bindClaims(pass.list(ReconcilePass.CLAIMS));
    }

    private void bindClaims(List<JsonNode> claims) {
        for (JsonNode pvc : claims) {
            if ("Bound".equals(pvc.path("status").path("phase").asText())) {
                continue;
            }
            String className = pvc.path("spec").path("storageClassName").asText("standard");
            JsonNode storageClass = store.get("/apis/storage.k8s.io/v1/storageclasses/" + className);
            if (storageClass == null) {
                // Pending, as the real provisioner leaves it: "storageclass.storage.k8s.io \"x\" not found".
                continue;
            }
            String restoredFrom = snapshotToRestore(pvc);
            if (restoredFrom != null && restoredFrom.isEmpty()) {
                // Pending until its VolumeSnapshot is ready, as the external provisioner waits.
                continue;
            }
            String pvName = "pvc-" + pvc.path("metadata").path("uid").asText();
            String size = pvc.path("spec")
                    .path("resources")
                    .path("requests")
                    .path("storage")
                    .asText("1Gi");
            if (store.get("/api/v1/persistentvolumes/" + pvName) == null) {
                ObjectNode pv = JSON.createObjectNode();
                pv.put("apiVersion", "v1");
                pv.put("kind", "PersistentVolume");
                ObjectNode pvMetadata = pv.putObject("metadata").put("name", pvName);
                if (restoredFrom != null) {
                    pvMetadata.putObject("annotations").put(SandboxCluster.RESTORED_FROM_SNAPSHOT, restoredFrom);
                }
                ObjectNode spec = pv.putObject("spec");
                spec.putObject("capacity").put("storage", size);
                spec.set("accessModes", pvc.path("spec").path("accessModes").deepCopy());
                spec.put(
                        "persistentVolumeReclaimPolicy",
                        storageClass.path("reclaimPolicy").asText("Delete"));
                spec.put("storageClassName", className);
                ObjectNode claimRef = spec.putObject("claimRef");
                claimRef.put("kind", "PersistentVolumeClaim");
                claimRef.put("namespace", ns(pvc));
                claimRef.put("name", name(pvc));
                claimRef.put("uid", pvc.path("metadata").path("uid").asText());
                ObjectNode csi = spec.putObject("csi");
                csi.put("driver", storageClass.path("provisioner").asText("hostpath.csi.k8s.io"));
                csi.put(
                        "volumeHandle",
                        "vol-" + pvc.path("metadata").path("uid").asText());
                pv.putObject("status").put("phase", "Bound");
                store.create("/api/v1/persistentvolumes", pv);
            }
            String path = "/api/v1/namespaces/" + ns(pvc) + "/persistentvolumeclaims/" + name(pvc);
            ObjectNode next = ((ObjectNode) pvc).deepCopy();
            next.with("spec").put("volumeName", pvName);
            next.with("spec").put("storageClassName", className);
            if (store.replace(path, next)) {
                JsonNode stored = store.get(path);
                ObjectNode status = JSON.createObjectNode();
                status.put("phase", "Bound");
                status.set("accessModes", pvc.path("spec").path("accessModes").deepCopy());
                status.putObject("capacity").put("storage", size);
                writeStatus(path, stored, status);
            }
        }
    }

    /**
     * The snapshot handle a claim is to be provisioned from: null when it has no VolumeSnapshot data source, empty
     * while that snapshot is not ready or its data is gone.
     */
    private String snapshotToRestore(JsonNode pvc) {
        JsonNode source = pvc.path("spec").path("dataSource");
        if (!"VolumeSnapshot".equals(source.path("kind").asText())) {
            return null;
        }
        JsonNode snapshot = store.get("/apis/snapshot.storage.k8s.io/v1/namespaces/" + ns(pvc) + "/volumesnapshots/"
                + source.path("name").asText());
        if (snapshot == null || !snapshot.path("status").path("readyToUse").asBoolean(false)) {
            return "";
        }
        JsonNode content = store.get(SnapshotController.CONTENTS + "/"
                + snapshot.path("status").path("boundVolumeSnapshotContentName").asText());
        String handle = content == null
                ? ""
                : content.path("status").path("snapshotHandle").asText("");
        return CsiSnapshots.exists(handle) ? handle : "";
    }
}
