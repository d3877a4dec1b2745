package io.day2ops.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theModulesDailyBackupFiresAtOneEveryNight() {
        CronExpression daily = CronExpression.parse("0 1 * * *", null);

        assertThat(daily.next(Instant.parse("2026-11-24T10:15:00Z"), ANCHOR, 3))
                .containsExactly(
                        Instant.parse("2026-11-25T01:00:00Z"),
                        Instant.parse("2026-11-26T01:00:00Z"),
                        Instant.parse("2026-11-27T01:00:00Z"));
        assertThat(daily.next(Instant.parse("2026-11-25T01:00:00Z"), ANCHOR))
                .as("strictly after")
                .isEqualTo(Instant.parse("2026-11-26T01:00:00Z"));
    }

    @Test
    void listsRangesStepsNamesAndMacros() {
        assertThat(CronExpression.parse("*/15 9-17 * * MON-FRI", "UTC")
                        .next(Instant.parse("2026-11-27T17:50:00Z"), ANCHOR, 2)) // a Friday
                .containsExactly(Instant.parse("2026-11-30T09:00:00Z"), Instant.parse("2026-11-30T09:15:00Z"));
        assertThat(CronExpression.parse("0 0 1 jan,jul *", null).next(Instant.parse("2026-02-01T00:00:00Z"), ANCHOR))
                .isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(CronExpression.parse("@weekly", null).next(Instant.parse("2026-11-24T00:00:00Z"), ANCHOR))
                .isEqualTo(Instant.parse("2026-11-29T00:00:00Z")); // Sunday
        assertThat(CronExpression.parse("0 0 * * 7", null).next(Instant.parse("2026-11-24T00:00:00Z"), ANCHOR))
                .as("7 is Sunday")
                .isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    }

    @Test
    void restrictedDayOfMonthAndDayOfWeekMatchEitherAsCronDoes() {
        // the 13th, or any Friday
        assertThat(CronExpression.parse("0 12 13 * FRI", null).next(Instant.parse("2026-11-01T00:00:00Z"), ANCHOR, 3))
                .containsExactly(
                        Instant.parse("2026-11-06T12:00:00Z"),
                        Instant.parse("2026-11-13T12:00:00Z"),
                        Instant.parse("2026-11-20T12:00:00Z"));
    }

    @Test
    void everyIsCountedFromTheAnchor() {
        CronExpression every = CronExpression.parse("@every 6h", null);
        assertThat(every.next(Instant.parse("2026-01-01T07:00:00Z"), ANCHOR))
                .isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        assertThat(every.next(Instant.parse("2026-01-01T12:00:00Z"), ANCHOR))
                .isEqualTo(Instant.parse("2026-01-01T18:00:00Z"));
    }

    @Test
    void timeZonesAndDaylightSavingJumps() {
        CronExpression berlin = CronExpression.parse("30 2 * * *", "Europe/Berlin");
        // 2026-03-29 02:30 does not exist in Berlin (clocks jump 02:00 -> 03:00): fires at the shifted instant
        assertThat(berlin.next(Instant.parse("2026-03-28T12:00:00Z"), ANCHOR))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        // 2026-10-25 02:30 happens twice (03:00 -> 02:00): fires once
        assertThat(berlin.next(Instant.parse("2026-10-24T12:00:00Z"), ANCHOR, 2))
                .containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
        assertThat(CronExpression.parse("0 1 * * *", "Asia/Tokyo").next(Instant.parse("2026-11-24T00:00:00Z"), ANCHOR))
                .isEqualTo(Instant.parse("2026-11-24T16:00:00Z"));
    }

    @Test
    void badExpressionsNameTheFieldAndWhy() {
        assertThatThrownBy(() -> CronExpression.parse("61 * * * *", null))
                .hasMessage("minute: 61 is out of range 0-59");
        assertThatThrownBy(() -> CronExpression.parse("0 1 * *", null)).hasMessageContaining("expected 5 fields");
        assertThatThrownBy(() -> CronExpression.parse("0 1 * FOO *", null))
                .hasMessageContaining("month: 'FOO' is not a number or a name");
        assertThatThrownBy(() -> CronExpression.parse("0 5-1 * * *", null)).hasMessageContaining("runs backwards");
        assertThatThrownBy(() -> CronExpression.parse("@fortnightly", null)).hasMessageContaining("unknown macro");
        assertThatThrownBy(() -> CronExpression.parse("@every 10s", null)).hasMessageContaining("1m minimum");
        assertThatThrownBy(() -> CronExpression.parse("0 1 * * *", "Mars/Olympus"))
                .hasMessageContaining("time zone 'Mars/Olympus'");
        assertThatThrownBy(() -> CronExpression.parse("0 0 30 2 *", null).next(Instant.EPOCH, ANCHOR))
                .hasMessageContaining("never fires");
    }
}
