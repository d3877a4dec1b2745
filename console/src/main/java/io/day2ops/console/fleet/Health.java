package io.day2ops.console.fleet;

/**
 * How recoverable a cluster is, in words as well as colour (the page never says it with colour alone): the worst of its
 * problems.
 */
public enum Health {
    /** Backed up within its objective, last drill passed, nothing failing. */
    OK("recoverable"),
    /** Recoverable, with something to look at: never drilled, a NO-GO gate, a backup that failed since the last good one. */
    WARNING("recoverable, with warnings"),
    /** Recovery is at risk now: no good backup within the objective, or the last drill failed. */
    CRITICAL("at risk");

    private final String words;

    Health(String words) {
        this.words = words;
    }

    /** What the page says next to the colour. */
    public String words() {
        return words;
    }
}
