package io.day2ops.backup.domain;

import io.day2ops.backup.storage.StoredPart;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.EtcdSnapshotInfo;
import io.day2ops.events.HookResult;
import io.day2ops.events.SkippedVolume;
import io.day2ops.events.VolumeSnapshotInfo;
import java.time.Instant;
import java.util.List;

/**
 * {@code manifest.json}: written last, it makes a folder of parts a backup. Lists every part with its size and sha256,
 * what was captured per resource, and where the backup got to.
 *
 * @param format the manifest format, {@value #FORMAT}
 * @param name the backup's name
 * @param cluster the cluster backed up
 * @param phase {@code Completed} or {@code PartiallyFailed}
 * @param startedAt when capture started
 * @param completedAt when the last part was written
 * @param dataTimestamp the point in time the data reflects (capture start: nothing older is in it)
 * @param expiresAt when garbage collection deletes it
 * @param resources what was captured, per resource
 * @param parts every part but the manifest itself
 * @param etcd the etcd snapshot, if one was taken
 * @param encryption how Secrets are encrypted ({@code AES-256-GCM} and the key's id), or null
 * @param warnings how many warnings the log holds
 * @param errors how many errors the log holds
 * @param volumeSnapshots the CSI snapshots kept with the backup, one per claim
 * @param volumesSkipped claims in scope that were not snapshotted, and why
 * @param hooks what every backup hook did
 */
public record BackupManifest(
        String format,
        String name,
        String cluster,
        BackupPhase phase,
        Instant startedAt,
        Instant completedAt,
        Instant dataTimestamp,
        Instant expiresAt,
        List<ResourceEntry> resources,
        List<StoredPart> parts,
        EtcdSnapshotInfo etcd,
        Encryption encryption,
        int warnings,
        int errors,
        List<VolumeSnapshotInfo> volumeSnapshots,
        List<SkippedVolume> volumesSkipped,
        List<HookResult> hooks) {

    public static final String FORMAT = "day2ops.io/backup/v1";
    public static final String LOG = "backup.log";
    public static final String ETCD_SNAPSHOT = "etcd/snapshot.db";

    public BackupManifest {
        resources = resources == null ? List.of() : List.copyOf(resources);
        parts = parts == null ? List.of() : List.copyOf(parts);
        volumeSnapshots = volumeSnapshots == null ? List.of() : List.copyOf(volumeSnapshots);
        volumesSkipped = volumesSkipped == null ? List.of() : List.copyOf(volumesSkipped);
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }

    /**
     * One captured resource.
     *
     * @param resource Velero's name, {@code deployments.apps}
     * @param apiVersion the version captured (the preferred one)
     * @param kind the kind
     * @param namespaced whether its objects are namespaced
     * @param part the archive holding its documents
     * @param items how many objects were captured
     * @param flagged how many of those must not be restored (Pods and ReplicaSets owned by a controller)
     */
    public record ResourceEntry(
            String resource, String apiVersion, String kind, boolean namespaced, String part, int items, int flagged) {}

    /**
     * How Secrets are encrypted.
     *
     * @param algorithm {@code AES-256-GCM}
     * @param keyId the first 16 hex digits of the key's sha256, to tell keys apart without revealing them
     */
    public record Encryption(String algorithm, String keyId) {}

    /** The part path of a resource's archive. */
    public static String archivePart(String resource) {
        return "resources/" + resource + ".tar.gz";
    }
}
