package io.day2ops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void parsesVeleroStyleDurations() {
        assertThat(GoDuration.parse("720h")).isEqualTo(Duration.ofDays(30));
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void rejectsAnythingElseNamingTheValue() {
        assertThatThrownBy(() -> GoDuration.parse("30 days"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'30 days'");
        assertThatThrownBy(() -> GoDuration.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsTheWayGoPrints() {
        assertThat(GoDuration.format(Duration.ofDays(30))).isEqualTo("720h");
        assertThat(GoDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoDuration.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
