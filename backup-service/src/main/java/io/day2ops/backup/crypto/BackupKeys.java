package io.day2ops.backup.crypto;

import java.util.List;

/**
 * A backup's {@code keys.json}: its data key, wrapped by one or more master keys. Kept beside the manifest, not in it,
 * so that re-wrapping under a new master key changes neither the manifest nor any checksum. Tampering or moving it
 * between backups is caught when it is unwrapped: the wrap binds backup name and cluster.
 *
 * @param format {@link #FORMAT}
 * @param backup the backup's name
 * @param cluster its cluster
 * @param dataKeys the data key under each master key that wraps it
 */
public record BackupKeys(String format, String backup, String cluster, List<DataKey> dataKeys) {

    public static final String FORMAT = "day2ops.io/backup-keys/v1";
    public static final String PART = "keys.json";

    public BackupKeys {
        dataKeys = dataKeys == null ? List.of() : List.copyOf(dataKeys);
    }

    /** What the wrap of this backup's data key is bound to. */
    public static String context(String backup, String cluster) {
        return "day2ops data key|" + backup + "|" + cluster;
    }
}
