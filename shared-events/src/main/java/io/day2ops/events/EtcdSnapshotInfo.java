package io.day2ops.events;

/**
 * What was recorded about an etcd snapshot taken with a backup.
 *
 * @param revision the etcd revision the snapshot was taken at
 * @param keys the number of keys in the snapshot
 * @param sizeBytes the snapshot file's size
 * @param sha256 the hex sha256 of the snapshot file as stored
 * @param verified whether the snapshot was restored into a scratch etcd right after it was taken and matched what was
 *     recorded; null when it was not tried (no etcd binaries where backup-service runs, or verification turned off)
 * @param verification what the verification saw, or why it failed or was not tried
 */
public record EtcdSnapshotInfo(
        long revision, long keys, long sizeBytes, String sha256, Boolean verified, String verification) {

    /** A snapshot not (yet) verified. */
    public EtcdSnapshotInfo(long revision, long keys, long sizeBytes, String sha256) {
        this(revision, keys, sizeBytes, sha256, null, null);
    }

    /** This snapshot with the outcome of its verification. */
    public EtcdSnapshotInfo verified(Boolean passed, String message) {
        return new EtcdSnapshotInfo(revision, keys, sizeBytes, sha256, passed, message);
    }
}
