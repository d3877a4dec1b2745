package io.day2ops.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A backup finished with usable data ({@code Completed} or {@code PartiallyFailed}). Carries what a consumer needs
 * without reading storage: scheduler-service keeps RPO from it, upgrade-service checks backup freshness, dr-service
 * picks the backup to restore.
 *
 * @param name the backup's name
 * @param cluster the cluster that was backed up
 * @param phase {@code Completed} or {@code PartiallyFailed}
 * @param storageLocation the storage location the backup is in
 * @param uri where the backup is, e.g. {@code file:///var/day2/backups/b1/} or {@code s3://bucket/prefix/b1/}
 * @param itemCounts objects captured per resource, keyed {@code <resource>.<group>} ({@code deployments.apps})
 * @param totalItems all objects captured
 * @param sizeBytes the stored size of all parts
 * @param manifestSha256 the sha256 of {@code manifest.json}, which holds the sha256 of every part
 * @param etcd the etcd snapshot, when one was taken
 * @param warnings how many per-item warnings the backup log holds
 * @param errors how many per-item errors the backup log holds
 * @param startedAt when the backup started
 * @param completedAt when the manifest was written
 * @param dataTimestamp the point in time the data reflects, for RPO arithmetic
 * @param expiresAt when garbage collection will delete the backup
 * @param schedule the schedule that fired the backup, absent for an on-demand one
 * @param volumeSnapshots the CSI volume snapshots taken, one per PersistentVolumeClaim
 * @param volumesSkipped claims in scope whose data was not snapshotted, and why
 * @param hooks what every backup hook did
 * @param errorMessages the first 20 errors of the backup log, so that a {@code PartiallyFailed} backup says why
 * @param warningMessages the first 20 warnings of the backup log
 * @param omitted how many items of each capped list were left out to keep the event small (by list name);
 *     null when none
 */
public record SnapshotTaken(
        String name,
        String cluster,
        BackupPhase phase,
        String storageLocation,
        String uri,
        Map<String, Integer> itemCounts,
        long totalItems,
        long sizeBytes,
        String manifestSha256,
        EtcdSnapshotInfo etcd,
        int warnings,
        int errors,
        Instant startedAt,
        Instant completedAt,
        Instant dataTimestamp,
        Instant expiresAt,
        String schedule,
        List<VolumeSnapshotInfo> volumeSnapshots,
        List<SkippedVolume> volumesSkipped,
        List<HookResult> hooks,
        List<String> errorMessages,
        List<String> warningMessages,
        Map<String, Integer> omitted)
        implements Day2Event {

    /** How many entries of {@code volumeSnapshots} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_VOLUME_SNAPSHOTS = 500;

    /** How many entries of {@code volumesSkipped} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_VOLUMES_SKIPPED = 500;

    /** How many entries of {@code hooks} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_HOOKS = 50;

    /** How many entries of {@code errorMessages} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_ERROR_MESSAGES = 20;

    /** How many entries of {@code warningMessages} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_WARNING_MESSAGES = 20;

    public SnapshotTaken {
        Map<String, Integer> left = Bounded.counts(omitted);
        itemCounts = itemCounts == null ? Map.of() : Map.copyOf(itemCounts);
        volumeSnapshots = Bounded.cap(volumeSnapshots, MAX_VOLUME_SNAPSHOTS, "volumeSnapshots", left);
        volumesSkipped = Bounded.cap(volumesSkipped, MAX_VOLUMES_SKIPPED, "volumesSkipped", left);
        hooks = Bounded.cap(hooks, MAX_HOOKS, "hooks", left);
        errorMessages = Bounded.cap(errorMessages, MAX_ERROR_MESSAGES, "errorMessages", left);
        warningMessages = Bounded.cap(warningMessages, MAX_WARNING_MESSAGES, "warningMessages", left);
        omitted = Bounded.done(left);
    }

    @Override
    public String subject() {
        return name;
    }
}
