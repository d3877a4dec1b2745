package io.day2ops.testing;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/** What every flow test needs besides its injected clients: how long to wait, and names nobody else uses. */
public final class Flow {

    /** How long a flow test waits for an answer event or a phase, on a busy 2-core CI machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(90);

    private Flow() {}

    /**
     * A DNS-1123 name that no other test of this run uses: {@code prefix-} and eight hex digits. Tests share one
     * broker and one database, so every object a test creates is named with this.
     */
    public static String unique(String prefix) {
        return prefix.toLowerCase(Locale.ROOT) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
