package io.day2ops.foundation.jobs;

import io.quarkus.logging.Log;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The part of {@link JobRunner} that watches running jobs: every {@code day2.jobs.progress-interval} it stores the
 * progress of the jobs this instance runs (one statement for all of them) and hears back which of them someone asked
 * to cancel; at every heartbeat it finds those that stopped advancing.
 */
final class JobReporter {

    private final JobQueue queue;
    private final Map<Long, ClaimedJob> running;
    private final Set<Long> fenced;
    private final Map<Long, WatchedProgress> progress;
    private final BiConsumer<ClaimedJob, String> cancel;
    /** Who asked to cancel each running job that stops itself, by job id. */
    private final Map<Long, String> cancelRequests = new ConcurrentHashMap<>();
    /** Whether a report is being written (one at a time). */
    private final AtomicBoolean reporting = new AtomicBoolean();

    JobReporter(
            JobQueue queue,
            Map<Long, ClaimedJob> running,
            Set<Long> fenced,
            Map<Long, WatchedProgress> progress,
            BiConsumer<ClaimedJob, String> cancel) {
        this.queue = queue;
        this.running = running;
        this.fenced = fenced;
        this.progress = progress;
        this.cancel = cancel;
    }

    void report() {
        if (running.isEmpty() || !reporting.compareAndSet(false, true)) {
            return;
        }
        Map<ClaimedJob, WatchedProgress.Snapshot> reports = new HashMap<>();
        running.values().forEach(job -> {
            if (!fenced.contains(job.id())) {
                WatchedProgress watched = progress.get(job.id());
                reports.put(job, watched == null ? null : watched.sample());
            }
        });
        if (reports.isEmpty()) {
            reporting.set(false);
            return;
        }
        queue.report(reports.keySet().iterator().next().owner(), reports)
                .onTermination()
                .invoke(() -> reporting.set(false))
                .subscribe()
                .with(
                        cancelled -> cancelled.forEach((id, by) -> {
                            ClaimedJob job = running.get(id);
                            if (job != null) {
                                cancel.accept(job, by);
                            }
                        }),
                        failure -> Log.debugf("job progress not stored: %s", failure));
    }

    /**
     * Keeps the claims of the running jobs alive; a job whose lease the database says was lost is fenced (this instance
     * stops writing for it), the lease end of the others moves on.
     */
    void heartbeat(Map<Long, Long> leaseEnds, long leaseNanos) {
        java.util.List<ClaimedJob> held = new java.util.ArrayList<>(running.values());
        long sent = System.nanoTime();
        queue.heartbeat(held)
                .subscribe()
                .with(
                        still -> {
                            long end = sent + leaseNanos;
                            still.forEach(id ->
                                    leaseEnds.computeIfPresent(id, (ignored, previous) -> Math.max(previous, end)));
                            held.stream()
                                    .filter(job -> !still.contains(job.id()) && running.containsKey(job.id()))
                                    .forEach(job -> {
                                        if (fenced.add(job.id())) {
                                            Log.warnf(
                                                    "job %s/%s: its lease was lost (another worker took it over); this"
                                                            + " instance stops writing for it",
                                                    job.kind(), job.name());
                                        }
                                    });
                        },
                        failure -> Log.warnf("job heartbeat failed: %s", failure));
    }

    /**
     * On shutdown, after the grace period: hands the jobs still running back to the queue, so another replica takes
     * them at once instead of after the lease; from here on their work must not write.
     */
    void handBack() {
        java.util.List<ClaimedJob> left = new java.util.ArrayList<>(running.values());
        if (left.isEmpty()) {
            return;
        }
        left.forEach(job -> fenced.add(job.id()));
        try {
            queue.unclaim(left).await().atMost(java.time.Duration.ofSeconds(5));
            Log.warnf(
                    "shutting down: handed back %d unfinished jobs for another replica: %s",
                    left.size(),
                    left.stream().map(job -> job.kind() + "/" + job.name()).toList());
        } catch (RuntimeException e) {
            Log.warnf("shutting down: could not hand back %d jobs (they return after the lease): %s", left.size(), e);
        }
    }

    /** Hands each watched job that went {@code limitNanos} without advancing to {@code stuck}, with its stage. */
    void stuck(long limitNanos, BiConsumer<ClaimedJob, String> stuck) {
        long now = System.nanoTime();
        progress.forEach((id, seen) -> {
            ClaimedJob job = running.get(id);
            if (job != null && now - seen.last > limitNanos) {
                stuck.accept(job, seen.stage);
            }
        });
    }

    /** Tells a job that stops itself who cancelled it; true the first time. */
    boolean tell(long id, String by) {
        return cancelRequests.putIfAbsent(id, by) == null;
    }

    Supplier<String> cancelRequest(long id) {
        return () -> cancelRequests.get(id);
    }

    void forget(long id) {
        cancelRequests.remove(id);
    }
}
