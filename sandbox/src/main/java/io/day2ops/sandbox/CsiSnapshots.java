package io.day2ops.sandbox;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage system behind the sandboxes' CSI driver: the snapshots it holds, by handle, with their size. One per JVM
 * and shared by every sandbox, as two clusters in one cloud account share its snapshots: a VolumeSnapshotContent in
 * the standby can point at a snapshot the primary took. A snapshot exists until a VolumeSnapshotContent with deletion
 * policy {@code Delete} that holds it is deleted.
 */
final class CsiSnapshots {

    private static final Map<String, Long> SNAPSHOTS = new ConcurrentHashMap<>();

    private CsiSnapshots() {}

    /** Cuts a snapshot of a volume and returns its handle. */
    static String take(String volumeHandle, long sizeBytes) {
        String handle = "snap-" + UUID.randomUUID();
        SNAPSHOTS.put(handle, sizeBytes);
        return handle;
    }

    static boolean exists(String handle) {
        return handle != null && SNAPSHOTS.containsKey(handle);
    }

    static long size(String handle) {
        return SNAPSHOTS.getOrDefault(handle, 0L);
    }

    static void delete(String handle) {
        if (handle != null) {
            SNAPSHOTS.remove(handle);
        }
    }
}
