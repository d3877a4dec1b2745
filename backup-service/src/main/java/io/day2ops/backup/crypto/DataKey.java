package io.day2ops.backup.crypto;

/**
 * A backup's data key wrapped (AES-256-GCM) by a master key of the keyring.
 *
 * @param keyId the master key's id ({@code day2.backup.keys.<id>})
 * @param wrapped base64 of nonce + ciphertext + tag
 */
public record DataKey(String keyId, String wrapped) {}
