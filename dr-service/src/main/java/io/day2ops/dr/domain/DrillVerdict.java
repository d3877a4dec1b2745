package io.day2ops.dr.domain;

import io.day2ops.events.GoDuration;
import java.time.Duration;
import java.time.Instant;

/**
 * The RTO/RPO arithmetic of a drill: what was measured against the objectives, and whether the drill passed. A drill
 * passes only when every check passed, the target was verified (an RTO was measured), and both objectives held.
 */
public final class DrillVerdict {

    private DrillVerdict() {}

    /** The recovery time: from the drill's start to the moment its target was verified healthy. */
    public static Duration rto(Instant startedAt, Instant verifiedAt) {
        return Duration.between(startedAt, verifiedAt);
    }

    /** The recovery point: how old the restored backup's data was when the drill started. */
    public static Duration rpo(Instant backupDataAt, Instant startedAt) {
        return Duration.between(backupDataAt, startedAt);
    }

    /**
     * Adds the objective checks to {@code timeline} (only for objectives given and figures measured), then decides.
     *
     * @param rtoMeasuredMillis null when the target was never verified
     * @return whether the drill passed
     */
    public static boolean decide(
            DrillTimeline timeline,
            Long rtoObjectiveMillis,
            Long rtoMeasuredMillis,
            Long rpoObjectiveMillis,
            Long rpoMeasuredMillis) {
        compare(timeline, "rto-objective", "RTO", rtoObjectiveMillis, rtoMeasuredMillis);
        compare(timeline, "rpo-objective", "RPO", rpoObjectiveMillis, rpoMeasuredMillis);
        return timeline.allChecksPassed() && rtoMeasuredMillis != null;
    }

    private static void compare(DrillTimeline timeline, String check, String what, Long objective, Long measured) {
        if (objective == null || measured == null) {
            return;
        }
        boolean held = measured <= objective;
        timeline.check(
                check,
                held,
                what + " " + text(measured) + (held ? " within " : " exceeds ") + "the objective " + text(objective));
    }

    /** A figure as a Go duration, or "not measured". */
    public static String text(Long millis) {
        return millis == null ? "not measured" : GoDuration.format(Duration.ofMillis(millis));
    }
}
