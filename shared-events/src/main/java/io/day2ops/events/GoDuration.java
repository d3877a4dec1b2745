package io.day2ops.events;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Go and Velero write them ({@code 720h}, {@code 1h30m}, {@code 90s}, {@code 500ms}), the
 * format of every duration field a person types into an event ({@code ttl}, objectives, timeouts).
 */
public final class GoDuration {

    /** The pattern the JSON Schemas use for these fields. */
    public static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";

    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile(PATTERN);

    private GoDuration() {}

    /**
     * Parses a Go duration.
     *
     * @throws IllegalArgumentException naming the value when it is not one
     */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 720h, 1h30m, 90s or 500ms");
        }
        Matcher m = PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        while (m.find()) {
            BigDecimal amount = new BigDecimal(m.group(1));
            long unitNanos = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos)));
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /** Writes a duration the way Go prints it, without zero parts: {@code 720h}, {@code 1h30m}, {@code 1.5s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0 || millis > 0) {
            if (millis > 0 && hours == 0 && minutes == 0 && seconds == 0) {
                out.append(millis).append("ms");
            } else if (millis > 0) {
                out.append(BigDecimal.valueOf(seconds * 1000L + millis, 3)
                                .stripTrailingZeros()
                                .toPlainString())
                        .append('s');
            } else {
                out.append(seconds).append('s');
            }
        }
        return out.toString();
    }
}
