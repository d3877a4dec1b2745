package io.day2ops.backup.crypto;

/** A backup's data key is wrapped only by master keys the keyring does not hold. */
public final class KeyUnavailableException extends RuntimeException {

    public KeyUnavailableException(String message) {
        super(message);
    }
}
