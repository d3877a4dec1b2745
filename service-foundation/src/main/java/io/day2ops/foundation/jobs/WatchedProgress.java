package io.day2ops.foundation.jobs;

import io.micrometer.core.instrument.Counter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running job's progress as {@link JobRunner} watches it: its stage, when it last advanced, items done and expected,
 * and a smoothed rate.
 */
final class WatchedProgress implements JobProgress {

    volatile String stage = "starting";
    /** When it last advanced, by the monotonic clock. */
    volatile long last = System.nanoTime();

    private final Counter items;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong expected = new AtomicLong();
    private volatile long floor;
    /** Log lines not stored yet; at most {@link #MAX_PENDING} kept between two reports. */
    private final java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>();

    private int skipped;
    private static final int MAX_PENDING = 500;

    /** The rate as of the last {@link #sample}: items per second, smoothed; and what it was computed from. */
    private double rate = Double.NaN;

    private long sampledAt = System.nanoTime();
    private long sampledDone;

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
        done.incrementAndGet();
        items.increment();
    }

    @Override
    public void expect(long items) {
        expected.addAndGet(items);
    }

    @Override
    public void expectAtLeast(long total) {
        floor = Math.max(floor, total);
    }

    @Override
    public void log(String line) {
        synchronized (pending) {
            if (pending.size() >= MAX_PENDING) {
                pending.removeFirst();
                skipped++;
            }
            pending.addLast(line);
        }
    }

    /** The log lines since the last call, or null. */
    private String drainLog() {
        synchronized (pending) {
            if (pending.isEmpty() && skipped == 0) {
                return null;
            }
            StringBuilder text = new StringBuilder();
            if (skipped > 0) {
                text.append("... ").append(skipped).append(" lines skipped here (the full log is stored at the end)\n");
                skipped = 0;
            }
            pending.forEach(line -> text.append(line).append('\n'));
            pending.clear();
            return text.toString();
        }
    }

    /**
     * The figures to store now. The rate is an exponentially weighted average of the rate between samples (weight 0.3
     * to the newest), so the ETA follows a job that slows down without jumping at every page.
     */
    synchronized Snapshot sample() {
        long now = System.nanoTime();
        long doneNow = done.get();
        double seconds = (now - sampledAt) / 1e9;
        if (seconds >= 0.2) {
            double recent = (doneNow - sampledDone) / seconds;
            rate = Double.isNaN(rate) ? recent : 0.3 * recent + 0.7 * rate;
            sampledAt = now;
            sampledDone = doneNow;
        }
        long total = Math.max(Math.max(floor, expected.get()), doneNow);
        return new Snapshot(stage, doneNow, total == 0 ? null : total, Double.isNaN(rate) ? null : rate, drainLog());
    }

    /**
     * One reading: {@code total} null while the job cannot tell, {@code rate} null before the second reading, {@code
     * log} the lines logged since the previous reading (null: none).
     */
    record Snapshot(String stage, long done, Long total, Double rate, String log) {}
}
