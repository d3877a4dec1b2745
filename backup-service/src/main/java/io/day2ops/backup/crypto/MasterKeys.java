package io.day2ops.backup.crypto;

import java.util.List;

/**
 * What envelope encryption needs from whatever holds the master keys — the KMS-shaped seam. Everything else (data keys,
 * documents, the etcd snapshot stream, the manifest HMAC) works with the unwrapped data key and never sees a master
 * key. Today's implementation is {@link Keyring} (keys from configuration: a file or a Kubernetes Secret). A cloud KMS
 * maps one to one: {@link #wrap(byte[], String, String)} is KMS {@code Encrypt} of the 32-byte data key under key
 * {@code id} with {@code context} as its encryption context (AWS, GCP: additional authenticated data; Vault transit:
 * {@code context}), {@link #unwrap} is {@code Decrypt} with the same context, {@link #ids} the key versions kept
 * enabled, {@link #activeId} the primary version. The stored form ({@link DataKey}: key id + base64 of what
 * {@code Encrypt} returned) would not change, so backups move between implementations by {@code rewrap}.
 */
public interface MasterKeys {

    /** Whether no master key is configured (then backups are not encrypted, when that is allowed). */
    boolean isEmpty();

    /** The id of the key new backups are wrapped with; null when empty. */
    String activeId();

    /** Every usable key's id. */
    List<String> ids();

    /** Wraps {@code dataKey} with the active key, bound to {@code context}. */
    default DataKey wrap(byte[] dataKey, String context) {
        return wrap(dataKey, context, activeId());
    }

    /** Wraps {@code dataKey} with key {@code id}, bound to {@code context} (the backup name and cluster). */
    DataKey wrap(byte[] dataKey, String context, String id);

    /**
     * Unwraps the data key from the first wrap whose master key is held.
     *
     * @throws KeyUnavailableException when none is, naming the keys that would do
     * @throws IllegalArgumentException when the wrap does not open: altered, or moved from another backup
     */
    byte[] unwrap(List<DataKey> wrapped, String context);
}
