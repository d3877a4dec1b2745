package io.day2ops.backup.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One backup's data key at work: Secret documents sealed with AES-256-GCM and large parts encrypted as streams
 * ({@link SealedStream}), every one bound to backup name, cluster and its path, so that no part or document can be
 * moved to another place or backup undetected.
 */
public final class EnvelopeSealer implements DocumentSealer {

    /** The manifest's {@code encryption.algorithm} of backups sealed this way. */
    public static final String ALGORITHM = "AES-256-GCM/envelope";

    private final SecretKey key;
    private final byte[] macKey;
    private final String context;

    public EnvelopeSealer(byte[] dataKey, String backup, String cluster) {
        this.key = new SecretKeySpec(dataKey, "AES");
        this.context = backup + "|" + cluster;
        // a key of its own for the MAC, derived from the data key (never the same key for two primitives)
        this.macKey = hmac(dataKey, "day2ops manifest mac|" + context);
    }

    private static byte[] hmac(byte[] key, String message) {
        return hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The manifest's HMAC (base64), what {@code keys.json} keeps. */
    public String manifestHmac(byte[] manifest) {
        return java.util.Base64.getEncoder().encodeToString(hmac(macKey, manifest));
    }

    /** Whether {@code hmac} (base64, from {@code keys.json}) is this manifest's; constant time. */
    public boolean verifiesManifest(byte[] manifest, String hmac) {
        return hmac != null
                && MessageDigest.isEqual(
                        hmac(macKey, manifest), java.util.Base64.getDecoder().decode(hmac));
    }

    private byte[] aad(String path) {
        return (context + "|" + path).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] seal(byte[] plain, String path) {
        try {
            return AesGcm.seal(key, aad(path), plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt " + path, e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, String path) {
        if (AesGcm.tooShort(sealed)) {
            throw new IllegalArgumentException(path + " is too short to be an encrypted document");
        }
        try {
            return AesGcm.open(key, aad(path), sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(path + " cannot be decrypted with this backup's data key (altered, or"
                    + " moved from another place or backup)");
        }
    }

    /** Encrypts the part {@code path} as it is written. */
    public OutputStream encrypting(OutputStream out, String path) {
        return SealedStream.encrypting(out, key, context + "|" + path);
    }

    /** Decrypts the part {@code path} as it is read. */
    public InputStream decrypting(InputStream in, String path) {
        return SealedStream.decrypting(in, key, context + "|" + path);
    }
}
