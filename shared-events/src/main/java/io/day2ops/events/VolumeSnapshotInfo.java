package io.day2ops.events;

/**
 * A CSI volume snapshot a backup took of one PersistentVolumeClaim. The VolumeSnapshot object itself is removed once
 * the snapshot is ready; the VolumeSnapshotContent is kept (deletion policy {@code Retain}) for as long as the backup,
 * so that deleting the namespace does not delete the data.
 *
 * @param namespace the claim's namespace
 * @param persistentVolumeClaim the claim's name
 * @param storageClass the claim's storage class
 * @param driver the CSI driver that took the snapshot
 * @param volumeSnapshotClass the VolumeSnapshotClass used
 * @param volumeSnapshot the name of the VolumeSnapshot the backup created
 * @param volumeSnapshotContent the VolumeSnapshotContent kept with the backup
 * @param snapshotHandle the storage system's id of the snapshot
 * @param size the claim's capacity when it was snapshotted (a Kubernetes quantity, {@code 10Gi})
 * @param restoreSizeBytes the smallest volume the snapshot can be restored into, in bytes
 * @param deletionPolicy the class's policy, applied when the backup is deleted: {@code Delete} or {@code Retain}
 */
public record VolumeSnapshotInfo(
        String namespace,
        String persistentVolumeClaim,
        String storageClass,
        String driver,
        String volumeSnapshotClass,
        String volumeSnapshot,
        String volumeSnapshotContent,
        String snapshotHandle,
        String size,
        Long restoreSizeBytes,
        String deletionPolicy) {}
