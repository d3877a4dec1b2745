package io.day2ops.backup.crypto;

/** Encrypts and decrypts one document of a backup (a Secret), bound to its path in the backup. */
public interface DocumentSealer {

    byte[] seal(byte[] plain, String path);

    /** Decrypts; fails when the key is not the one used, or the bytes or path changed. */
    byte[] open(byte[] sealed, String path);
}
