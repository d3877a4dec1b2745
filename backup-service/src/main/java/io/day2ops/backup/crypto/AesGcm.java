package io.day2ops.backup.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The one AES-256-GCM format every sealed thing of a backup uses (Secret documents, wrapped data keys): a fresh 96-bit
 * nonce, then the ciphertext with its 128-bit tag; the caller's associated data binds it to where it belongs.
 */
public final class AesGcm {

    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {}

    /** nonce || ciphertext || tag. */
    public static byte[] seal(SecretKey key, byte[] aad, byte[] plain) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(plain);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                .put(nonce)
                .put(sealed)
                .array();
    }

    /** Opens what {@link #seal} made with the same key and associated data; fails on any change. */
    public static byte[] open(SecretKey key, byte[] aad, byte[] sealed) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }

    /** Whether {@code sealed} is too short to be anything {@link #seal} made. */
    public static boolean tooShort(byte[] sealed) {
        return sealed.length < NONCE_BYTES + TAG_BYTES;
    }
}
