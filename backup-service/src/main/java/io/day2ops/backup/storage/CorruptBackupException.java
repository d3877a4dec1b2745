package io.day2ops.backup.storage;

/** A stored backup that must not be used: a missing or changed part, a missing or changed manifest. */
public final class CorruptBackupException extends RuntimeException {

    public CorruptBackupException(String message) {
        super(message);
    }
}
