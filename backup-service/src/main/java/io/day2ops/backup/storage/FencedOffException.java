package io.day2ops.backup.storage;

import java.io.IOException;

/**
 * This replica no longer holds the backup's job (handed back on shutdown, or its lease was lost): it must not write
 * another byte where the new holder works, and must not delete what is there.
 */
public class FencedOffException extends IOException {

    public FencedOffException(String backup) {
        super(
                "backup " + backup + ": this replica no longer holds its job (handed back on shutdown, taken over after"
                        + " a lost lease, or its lease ran out while it was paused); it stops writing and leaves the folder to the new holder");
    }
}
