package io.day2ops.dr.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a drill (or failover) stands, and the only moves it can make. Every stage of the drill runs in its own
 * transaction, so a stage that finds the drill in another phase knows another worker got there first.
 *
 * <pre>
 * New ──► Draining ──► Restoring ──► Verifying ──► Completed
 *  │         │            │                            ▲
 *  └─────────┴────────────┴────────────────────────────┘  (preflight, backup, drain, restore failed; deadline)
 * </pre>
 */
public enum DrillPhase {
    /** Accepted; the drill job has not run its preflight yet. */
    New,
    /** {@code drainSource}: DrainRequested for the source published, waiting for DrainCompleted. */
    Draining,
    /** RestoreRequested published to backup-service, waiting for RestoreCompleted. */
    Restoring,
    /** The restore answered; the target is being verified. */
    Verifying,
    /** Ended, passed or failed: {@code DrillCompleted} (or {@code FailoverCompleted}) is published. */
    Completed;

    private static final Map<DrillPhase, Set<DrillPhase>> NEXT = Map.of(
            New, EnumSet.of(Draining, Restoring, Completed),
            Draining, EnumSet.of(Restoring, Completed),
            Restoring, EnumSet.of(Verifying, Completed),
            Verifying, EnumSet.of(Completed),
            Completed, EnumSet.noneOf(DrillPhase.class));

    /** Whether a drill in this phase may move to {@code next}. */
    public boolean canMoveTo(DrillPhase next) {
        return NEXT.get(this).contains(next);
    }

    /** Whether the drill waits on another service's answer, and so on its deadline. */
    public boolean waitsForAnswer() {
        return this == Draining || this == Restoring;
    }
}
