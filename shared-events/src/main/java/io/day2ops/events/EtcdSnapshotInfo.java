package io.day2ops.events;

/**
 * What was recorded about an etcd snapshot taken with a backup.
 *
 * @param revision the etcd revision the snapshot was taken at
 * @param keys the number of keys in the snapshot
 * @param sizeBytes the snapshot file's size
 * @param sha256 the hex sha256 of the snapshot file as stored
 */
public record EtcdSnapshotInfo(long revision, long keys, long sizeBytes, String sha256) {}
