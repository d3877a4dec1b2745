package io.day2ops.backup.volumes;

import com.fasterxml.jackson.core.type.TypeReference;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.VolumeSnapshotInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.util.List;

/**
 * Deletes the CSI snapshots a backup kept, as its snapshot class said when it was taken: {@code Delete} gives the
 * content its policy back and deletes it (the storage system deletes the snapshot); {@code Retain} leaves both. Blocking.
 */
public final class SnapshotDeletion {

    private SnapshotDeletion() {}

    /** The snapshots recorded in the catalog's JSON column, empty for null. */
    public static List<VolumeSnapshotInfo> parse(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<VolumeSnapshotInfo>>() {});
        } catch (IOException e) {
            throw new IllegalStateException("the catalog's volume snapshots are unreadable: " + e.getMessage(), e);
        }
    }

    /** Deletes them in {@code client}'s cluster; a content that is gone already is fine. */
    public static void delete(KubernetesClient client, String backup, List<VolumeSnapshotInfo> snapshots) {
        for (VolumeSnapshotInfo snapshot : snapshots) {
            var content = client.genericKubernetesResources(CsiApi.CONTENTS).withName(snapshot.volumeSnapshotContent());
            if (!"Delete".equals(snapshot.deletionPolicy())) {
                Log.infof(
                        "backup %s: VolumeSnapshotContent %s kept (its class's policy is %s)",
                        backup, snapshot.volumeSnapshotContent(), snapshot.deletionPolicy());
                continue;
            }
            try {
                content.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"deletionPolicy\":\"Delete\"}}");
                content.delete();
                Log.infof(
                        "backup %s: VolumeSnapshotContent %s (snapshot %s of %s/%s) deleted",
                        backup,
                        snapshot.volumeSnapshotContent(),
                        snapshot.snapshotHandle(),
                        snapshot.namespace(),
                        snapshot.persistentVolumeClaim());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }
}
