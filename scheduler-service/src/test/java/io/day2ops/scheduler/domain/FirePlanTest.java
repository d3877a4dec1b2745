package io.day2ops.scheduler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FirePlanTest {

    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");
    private static final CronExpression HOURLY = CronExpression.parse("@hourly", null);

    @Test
    void downtimeAcross24HourlySlotsFiresOnceForTheLatestSlot() {
        Instant nextFireAt = Instant.parse("2026-11-23T10:00:00Z");
        Instant now = Instant.parse("2026-11-24T09:30:00Z"); // 10:00 yesterday .. 09:00 today: 24 slots

        FirePlan plan = FirePlan.due(HOURLY, nextFireAt, now, ANCHOR);

        assertThat(plan.slot()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
        assertThat(plan.skipped()).isEqualTo(23);
        assertThat(plan.nextFireAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void anOnTimeScheduleFiresItsSlotAndANotYetDueOneNothing() {
        Instant slot = Instant.parse("2026-11-24T10:00:00Z");
        FirePlan plan = FirePlan.due(HOURLY, slot, slot.plusMillis(250), ANCHOR);
        assertThat(plan).isEqualTo(new FirePlan(slot, 0, Instant.parse("2026-11-24T11:00:00Z")));
        assertThat(FirePlan.due(HOURLY, slot, slot.minusSeconds(1), ANCHOR)).isNull();
    }

    @Test
    void requestsAreNamedAfterTheirSlotSoARefireIsTheSameRequest() {
        assertThat(FirePlan.requestName("daily-backup", Instant.parse("2026-11-25T01:00:00Z")))
                .isEqualTo("daily-backup-20261125010000");
    }
}
