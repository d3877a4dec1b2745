package io.day2ops.backup.restore;

/** A restore the policy refuses before anything is applied; its message is the reason, starting with "Rejected:". */
public final class RestoreRefusedException extends RuntimeException {

    public RestoreRefusedException(String reason) {
        super(reason);
    }
}
