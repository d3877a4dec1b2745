package io.day2ops.events;

/** The phases of a backup or restore, named as Velero names them. */
public enum BackupPhase {
    /** Recorded, not yet picked up by a worker. */
    New,
    /** A worker is capturing or applying items. */
    InProgress,
    /** Every item succeeded. */
    Completed,
    /** Finished, but some items failed; the per-item errors say which. */
    PartiallyFailed,
    /** Nothing usable was produced; the reason says why. */
    Failed,
    /**
     * Stopped at its next safe point because someone cancelled it (the records only: the answer events say {@code
     * Failed} with {@code cancelledBy}, which their schemas allow).
     */
    Cancelled
}
