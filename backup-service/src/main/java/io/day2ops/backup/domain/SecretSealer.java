package io.day2ops.backup.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts Secret documents with AES-256-GCM: a fresh 96-bit nonce per document, the document's path in the backup as
 * associated data (so an encrypted Secret cannot be moved to another path unnoticed), a 128-bit tag.
 */
public final class SecretSealer implements io.day2ops.backup.crypto.DocumentSealer {

    public static final String ALGORITHM = "AES-256-GCM";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    private SecretSealer(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.keyId = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sealer for a base64 256-bit key; the message names the setting when the key is not 32 bytes. */
    public static SecretSealer fromBase64(String base64, String setting) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not base64: " + e.getMessage());
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(setting + " must be 32 bytes (256 bits) in base64, it is " + key.length
                    + " bytes; generate one with: head -c 32 /dev/urandom | base64");
        }
        return new SecretSealer(key);
    }

    /** The sealer for {@code day2.backup.encryption-key}, or null when no key is configured (Secrets stay plain). */
    public static SecretSealer configured(java.util.Optional<String> base64) {
        return base64.map(key -> fromBase64(key, "day2.backup.encryption-key")).orElse(null);
    }

    /** A sealer for a raw 256-bit key. */
    public static SecretSealer of(byte[] key) {
        return new SecretSealer(key);
    }

    /** Identifies the key without revealing it: the first 16 hex digits of its sha256. */
    public String keyId() {
        return keyId;
    }

    public byte[] seal(byte[] plain, String path) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(path.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt " + path, e);
        }
    }

    /** Decrypts; fails when the key is not the one used, or the bytes or path changed. */
    public byte[] open(byte[] sealed, String path) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException(path + " is too short to be an encrypted document");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(path.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    path + " cannot be decrypted with key " + keyId + " (wrong key, or the document was altered)");
        }
    }
}
