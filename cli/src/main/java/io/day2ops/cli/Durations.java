package io.day2ops.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations on the command line: 90s, 30m, 1h30m. */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {}

    static Duration parse(String text, String option) {
        Matcher matcher = PART.matcher(text == null ? "" : text.trim());
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            long n = Long.parseLong(matcher.group(1));
            total = total.plus(
                    switch (matcher.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofHours(n);
                    });
            end = matcher.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new CliError(
                    CliError.USAGE_OR_SERVER, option + " '" + text + "' is not a duration like 90s, 30m, 1h");
        }
        return total;
    }
}
