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
    Failed
}
