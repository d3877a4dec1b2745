package io.day2ops.scheduler.domain;

import io.day2ops.events.GoDuration;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a schedule fires: a standard 5-field cron expression ({@code minute hour day-of-month month day-of-week}, with
 * lists, ranges, steps and names), a macro ({@code @yearly}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight}, {@code @hourly}) or {@code @every <duration>} ({@code @every 6h}), in a time zone.
 *
 * <p>As Vixie cron and Kubernetes CronJobs: when both day fields are restricted, a day matches if EITHER does; a local
 * time skipped by a daylight-saving jump fires at the shifted instant, a repeated one fires once.
 */
public final class CronExpression {

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Five years of days: a day/month combination that never comes (Feb 30) is refused rather than searched for. */
    private static final int MAX_DAYS_AHEAD = 366 * 5;

    private final String text;
    private final ZoneId zone;
    private final Duration every;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronExpression(
            String text,
            ZoneId zone,
            Duration every,
            BitSet minutes,
            BitSet hours,
            BitSet daysOfMonth,
            BitSet months,
            BitSet daysOfWeek,
            boolean dayOfMonthRestricted,
            boolean dayOfWeekRestricted) {
        this.text = text;
        this.zone = zone;
        this.every = every;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.dayOfMonthRestricted = dayOfMonthRestricted;
        this.dayOfWeekRestricted = dayOfWeekRestricted;
    }

    /** A cron expression that could not be parsed; the message names the part and why. */
    public static final class InvalidCronException extends IllegalArgumentException {
        public InvalidCronException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code text} in {@code timeZone} (an IANA name such as {@code Europe/Berlin}; null means UTC).
     *
     * @throws InvalidCronException naming what is wrong
     */
    public static CronExpression parse(String text, String timeZone) {
        ZoneId zone;
        try {
            zone = timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new InvalidCronException("time zone '" + timeZone + "' is not an IANA zone such as Europe/Berlin");
        }
        if (text == null || text.isBlank()) {
            throw new InvalidCronException(
                    "the expression is empty; use 5 fields (e.g. '0 1 * * *'), a macro" + " (@daily) or '@every 6h'");
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("@every")) {
            String duration = trimmed.substring("@every".length()).trim();
            Duration every;
            try {
                every = GoDuration.parse(duration);
            } catch (RuntimeException e) {
                throw new InvalidCronException("@every: '" + duration + "' is not a duration such as 30m or 6h");
            }
            if (every.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new InvalidCronException("@every: " + duration + " is shorter than the 1m minimum");
            }
            return new CronExpression(trimmed, zone, every, null, null, null, null, null, false, false);
        }
        String expanded = trimmed.startsWith("@") ? MACROS.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
        if (expanded == null) {
            throw new InvalidCronException("unknown macro '" + trimmed + "'; known: "
                    + MACROS.keySet().stream().sorted().toList() + " and @every <duration>");
        }
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new InvalidCronException("expected 5 fields (minute hour day-of-month month day-of-week), got "
                    + fields.length + " in '" + trimmed + "'");
        }
        BitSet daysOfWeek = field("day-of-week", fields[4], 0, 7, DAYS);
        if (daysOfWeek.get(7)) { // 7 is Sunday too
            daysOfWeek.set(0);
            daysOfWeek.clear(7);
        }
        return new CronExpression(
                trimmed,
                zone,
                null,
                field("minute", fields[0], 0, 59, null),
                field("hour", fields[1], 0, 23, null),
                field("day-of-month", fields[2], 1, 31, null),
                field("month", fields[3], 1, 12, MONTHS),
                daysOfWeek,
                !fields[2].equals("*") && !fields[2].equals("?"),
                !fields[4].equals("*") && !fields[4].equals("?"));
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The first fire time strictly after {@code after}. For {@code @every}, fire times are {@code anchor + k ×
     * interval} (the anchor is usually when the schedule was created).
     */
    public Instant next(Instant after, Instant anchor) {
        if (every != null) {
            long intervals = Math.max(0, Duration.between(anchor, after).toMillis() / every.toMillis() + 1);
            Instant candidate = anchor.plus(every.multipliedBy(intervals));
            return candidate.isAfter(after) ? candidate : candidate.plus(every);
        }
        LocalDateTime time = LocalDateTime.ofInstant(after, zone)
                .truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDateTime limit = time.plusDays(MAX_DAYS_AHEAD);
        while (time.isBefore(limit)) {
            if (!months.get(time.getMonthValue())) {
                time = time.withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay();
            } else if (!dayMatches(time)) {
                time = time.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.get(time.getHour())) {
                time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(time.getMinute())) {
                time = time.plusMinutes(1);
            } else {
                Instant fire = ZonedDateTime.ofLocal(time, zone, null).toInstant();
                if (fire.isAfter(after)) {
                    return fire;
                }
                time = time.plusMinutes(1); // the second pass through a repeated (DST) hour fires once
            }
        }
        throw new InvalidCronException("'" + text + "' never fires (no such day in five years)");
    }

    /** The next {@code count} fire times after {@code after}. */
    public List<Instant> next(Instant after, Instant anchor, int count) {
        List<Instant> times = new ArrayList<>();
        Instant at = after;
        for (int i = 0; i < count; i++) {
            at = next(at, anchor);
            times.add(at);
        }
        return times;
    }

    private boolean dayMatches(LocalDateTime time) {
        boolean dom = daysOfMonth.get(time.getDayOfMonth());
        boolean dow = daysOfWeek.get(time.getDayOfWeek().getValue() % 7);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static BitSet field(String name, String text, int min, int max, List<String> names) {
        BitSet values = new BitSet(max + 1);
        for (String part : text.split(",")) {
            if (part.isEmpty()) {
                throw new InvalidCronException(name + ": empty list item in '" + text + "'");
            }
            String[] stepped = part.split("/", -1);
            if (stepped.length > 2) {
                throw new InvalidCronException(name + ": '" + part + "' has more than one '/'");
            }
            int step = 1;
            if (stepped.length == 2) {
                step = number(name, stepped[1], 1, max, null);
            }
            int from;
            int to;
            if (stepped[0].equals("*") || stepped[0].equals("?")) {
                from = min;
                to = max;
            } else if (stepped[0].contains("-")) {
                String[] range = stepped[0].split("-", -1);
                if (range.length != 2) {
                    throw new InvalidCronException(name + ": '" + stepped[0] + "' is not a range such as 1-5");
                }
                from = number(name, range[0], min, max, names);
                to = number(name, range[1], min, max, names);
                if (from > to) {
                    throw new InvalidCronException(name + ": range " + stepped[0] + " runs backwards");
                }
            } else {
                from = number(name, stepped[0], min, max, names);
                to = stepped.length == 2 ? max : from;
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String name, String text, int min, int max, List<String> names) {
        if (names != null) {
            int index = names.indexOf(text.toUpperCase(Locale.ROOT));
            if (index >= 0) {
                return names == MONTHS ? index + 1 : index;
            }
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidCronException(name + ": '" + text + "' is not a number"
                    + (names == null ? "" : " or a name (" + String.join(", ", names) + ")"));
        }
        if (value < min || value > max) {
            throw new InvalidCronException(name + ": " + value + " is out of range " + min + "-" + max);
        }
        return value;
    }

    @Override
    public String toString() {
        return text + " (" + zone + ")";
    }
}
