package io.day2ops.backup.domain;

import io.day2ops.backup.crypto.AesGcm;
import io.day2ops.backup.crypto.DocumentSealer;
import io.day2ops.backup.crypto.Keyring;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts Secret documents with AES-256-GCM: a fresh 96-bit nonce per document, the document's path in the backup as
 * associated data (so an encrypted Secret cannot be moved to another path unnoticed), a 128-bit tag.
 */
public final class SecretSealer implements DocumentSealer {

    public static final String ALGORITHM = "AES-256-GCM";

    private final SecretKeySpec key;
    private final String keyId;

    private SecretSealer(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        this.keyId = Keyring.idOf(key);
    }

    /** A sealer for a base64 256-bit key; the message names the setting when the key is not 32 bytes. */
    public static SecretSealer fromBase64(String base64, String setting) {
        return new SecretSealer(Keyring.decode(base64, setting));
    }

    /** A sealer for a raw 256-bit key. */
    public static SecretSealer of(byte[] key) {
        return new SecretSealer(key);
    }

    /** Identifies the key without revealing it: the first 16 hex digits of its sha256. */
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] seal(byte[] plain, String path) {
        try {
            return AesGcm.seal(key, path.getBytes(StandardCharsets.UTF_8), plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt " + path, e);
        }
    }

    /** Decrypts; fails when the key is not the one used, or the bytes or path changed. */
    @Override
    public byte[] open(byte[] sealed, String path) {
        if (AesGcm.tooShort(sealed)) {
            throw new IllegalArgumentException(path + " is too short to be an encrypted document");
        }
        try {
            return AesGcm.open(key, path.getBytes(StandardCharsets.UTF_8), sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    path + " cannot be decrypted with key " + keyId + " (wrong key, or the document was altered)");
        }
    }
}
