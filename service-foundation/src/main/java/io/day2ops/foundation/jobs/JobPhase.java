package io.day2ops.foundation.jobs;

/** Where a job is, in Velero's words. */
public enum JobPhase {
    /** Recorded, waiting for a worker. */
    New,
    /** Claimed by a worker that heartbeats; claimable again when the heartbeat stops. */
    InProgress,
    /** Done, everything succeeded. */
    Completed,
    /** Done, some parts failed. */
    PartiallyFailed,
    /** Done, nothing usable. */
    Failed,
    /** Stopped at its next safe point because someone asked ({@code POST …/cancel}). */
    Cancelled;
}
