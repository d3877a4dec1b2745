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
 * @param manifestHmac HMAC-SHA256 of the manifest's bytes under a key derived from the data key (base64): what lets
 *     a backup found in storage without a catalog entry be trusted; null while the backup is being written
 */
public record BackupKeys(String format, String backup, String cluster, List<DataKey> dataKeys, String manifestHmac) {

    public static final String FORMAT = "day2ops.io/backup-keys/v1";
    public static final String PART = "keys.json";

    public BackupKeys {
        dataKeys = dataKeys == null ? List.of() : List.copyOf(dataKeys);
    }

    /** The same keys with the data key wrapped as {@code rewrapped}. */
    public BackupKeys withDataKeys(List<DataKey> rewrapped) {
        return new BackupKeys(format, backup, cluster, rewrapped, manifestHmac);
    }

    /** The same keys with the manifest's HMAC. */
    public BackupKeys withManifestHmac(String hmac) {
        return new BackupKeys(format, backup, cluster, dataKeys, hmac);
    }

    /** What the wrap of this backup's data key is bound to. */
    public static String context(String backup, String cluster) {
        return "day2ops data key|" + backup + "|" + cluster;
    }
}
