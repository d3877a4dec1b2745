package io.day2ops.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What a due schedule fires, as Velero's schedule controller does: after downtime, ONE request for the latest missed
 * slot, never one per missed slot; fired requests are named {@code <schedule>-<yyyyMMddHHmmss>} (UTC) after their slot,
 * so firing a slot again is the same request, not a second backup.
 *
 * @param slot the slot fired
 * @param skipped slots that came and went during the downtime and are not fired
 * @param nextFireAt the first slot after {@code slot}
 */
public record FirePlan(Instant slot, int skipped, Instant nextFireAt) {

    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    /** Slots walked at most when catching up (a minutely schedule down for ~70 days). */
    private static final int MAX_WALK = 100_000;

    /**
     * The plan for a schedule whose next slot was {@code nextFireAt}, at {@code now}; null when it is not due yet.
     */
    public static FirePlan due(CronExpression cron, Instant nextFireAt, Instant now, Instant anchor) {
        if (nextFireAt.isAfter(now)) {
            return null;
        }
        Instant slot = nextFireAt;
        int skipped = 0;
        Instant following = cron.next(slot, anchor);
        while (!following.isAfter(now) && skipped < MAX_WALK) {
            slot = following;
            skipped++;
            following = cron.next(slot, anchor);
        }
        return new FirePlan(slot, skipped, following);
    }

    /**
     * Whether the slot is fired. With catch-up (the default, Velero's behaviour) it always is; without, a slot more than
     * {@code grace} late is skipped, for schedules where a late run is worse than none (e.g. a drill in office hours).
     */
    public boolean fires(boolean catchUp, Duration grace, Instant now) {
        return catchUp || !slot.isBefore(now.minus(grace));
    }

    /** The name of the request fired for {@code slot}. */
    public static String requestName(String schedule, Instant slot) {
        return schedule + "-" + NAME_TIME.format(slot);
    }
}
