package io.day2ops.events;

/**
 * A PersistentVolumeClaim in a backup's scope whose data was not snapshotted, and why.
 *
 * @param namespace the claim's namespace
 * @param persistentVolumeClaim the claim's name
 * @param storageClass the claim's storage class, if any
 * @param reason why no snapshot was taken, e.g. no VolumeSnapshotClass for its CSI driver
 */
public record SkippedVolume(String namespace, String persistentVolumeClaim, String storageClass, String reason) {}
