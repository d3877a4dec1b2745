package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A running job's {@code progress} (stage, items done / total, rate, ETA, as the services report it) for people: a
 * bar on a terminal, words in a log.
 */
final class Progress {

    static final int WIDTH = 24;

    private Progress() {}

    /** {@code "  [#########---------------]  4,210/10,000 items  42%  1,830/s  ETA 3s  listing configmaps"}. */
    static String bar(JsonNode progress) {
        if (progress == null || !progress.isObject() || progress.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("  ");
        if (progress.hasNonNull("percent")) {
            int filled = (int) Math.round(progress.get("percent").asDouble() / 100.0 * WIDTH);
            filled = Math.max(0, Math.min(WIDTH, filled));
            text.append('[')
                    .append("#".repeat(filled))
                    .append("-".repeat(WIDTH - filled))
                    .append("]  ");
        }
        return text.append(words(progress).trim()).toString();
    }

    /** {@code "  4,210/10,000 items, 42%, 1,830/s, ETA 3s, listing configmaps"}; empty without progress. */
    static String words(JsonNode progress) {
        if (progress == null || !progress.isObject() || progress.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("  ");
        if (progress.hasNonNull("itemsDone")) {
            text.append(count(progress.get("itemsDone").asLong()));
            if (progress.hasNonNull("itemsTotal")) {
                text.append('/').append(count(progress.get("itemsTotal").asLong()));
            }
            text.append(" items");
        }
        if (progress.hasNonNull("percent")) {
            text.append("  ")
                    .append(String.format(
                            Locale.ROOT, "%.0f%%", progress.get("percent").asDouble()));
        }
        if (progress.hasNonNull("itemsPerSecond")) {
            text.append("  ")
                    .append(count(Math.round(progress.get("itemsPerSecond").asDouble())))
                    .append("/s");
        }
        if (progress.hasNonNull("etaSeconds")) {
            text.append("  ETA ")
                    .append(Output.human(java.time.Duration.ofSeconds(
                            progress.get("etaSeconds").asLong())));
        }
        if (progress.hasNonNull("stage")) {
            text.append("  ").append(progress.get("stage").asText());
        }
        return text.toString();
    }

    /** Which tenth of the work is done ("" without a percentage), to print a plain line per tenth. */
    static String tenth(JsonNode progress) {
        if (progress == null || !progress.hasNonNull("percent")) {
            return "";
        }
        return " " + (int) (progress.get("percent").asDouble() / 10);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
