package io.day2ops.foundation.jobs;

import io.micrometer.core.instrument.Counter;

/** A running job's progress as {@link JobRunner} watches it: its stage, when it last advanced, items counted. */
final class WatchedProgress implements JobProgress {

    volatile String stage = "starting";
    /** When it last advanced, by the monotonic clock. */
    volatile long last = System.nanoTime();

    private final Counter items;

    WatchedProgress(Counter items) {
        this.items = items;
    }

    @Override
    public void stage(String stage) {
        this.stage = stage;
        last = System.nanoTime();
    }

    @Override
    public void advanced() {
        last = System.nanoTime();
        items.increment();
    }
}
