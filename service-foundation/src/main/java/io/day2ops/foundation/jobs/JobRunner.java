package io.day2ops.foundation.jobs;

import io.day2ops.foundation.runtime.FoundationConfig;
import io.day2ops.foundation.runtime.PollingLoop;
import io.day2ops.foundation.runtime.VertxContexts;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs every {@link JobHandler}: claims its jobs, runs them (at most {@code day2.jobs.concurrency} at once per kind),
 * heartbeats while they run, puts failed runs back and abandons jobs that keep losing their worker.
 */
@ApplicationScoped
public class JobRunner {

    private final Instance<JobHandler> handlers;
    private final JobQueue queue;
    private final FoundationConfig config;
    private final Vertx vertx;
    private final String owner;
    private final Map<String, PollingLoop> loops = new HashMap<>();
    private final Map<Long, ClaimedJob> running = new ConcurrentHashMap<>();
    /** Jobs this instance still runs but no longer holds: handed back on shutdown, or taken over after a lost lease. */
    private final Set<Long> fenced = ConcurrentHashMap.newKeySet();
    /**
     * When each running job's lease ends by this JVM's monotonic clock: the time its claim or last successful
     * heartbeat was <em>sent</em> plus the lease, never later than the database's own view of it (which starts at the
     * statement's {@code now()}). A JVM paused past that point (GC, SIGSTOP, a frozen VM) knows on waking that another
     * replica may hold the job, before its heartbeat tells it.
     */
    private final Map<Long, Long> leaseEnds = new ConcurrentHashMap<>();
    /** The progress of running jobs that report it ({@link #progress}), by job id. */
    private final Map<Long, WatchedProgress> progress = new ConcurrentHashMap<>();
    /** How to stop each running job's work: a stuck job is cancelled. */
    private final Map<Long, io.smallrye.mutiny.subscription.Cancellable> subscriptions = new ConcurrentHashMap<>();

    private volatile boolean stopping;
    private long heartbeatTimer = -1;
    private long progressTimer = -1;
    private final JobReporter reporter;

    private final JobMetrics metrics;
    private final io.day2ops.foundation.tracing.Traces traces;

    public JobRunner(
            Instance<JobHandler> handlers,
            JobQueue queue,
            FoundationConfig config,
            Vertx vertx,
            JobMetrics metrics,
            io.day2ops.foundation.tracing.Traces traces) {
        this.handlers = handlers;
        this.metrics = metrics;
        this.traces = traces;
        this.queue = queue;
        this.config = config;
        this.vertx = vertx;
        this.owner = config.serviceName() + "-" + hostname() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        this.reporter = new JobReporter(queue, running, fenced, progress, this::cancelRunning);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.jobs().enabled()) {
            Log.info("job workers disabled on this instance (day2.jobs.enabled=false)");
            return;
        }
        JobSettings.check(config.jobs());
        for (JobHandler handler : handlers) {
            PollingLoop loop = new PollingLoop(
                    handler.kind() + " jobs", vertx, config.jobs().pollInterval(), () -> claimAndStart(handler));
            loops.put(handler.kind(), loop);
            loop.start();
        }
        heartbeatTimer = vertx.setPeriodic(config.jobs().heartbeatInterval().toMillis(), ignored -> heartbeat());
        progressTimer = vertx.setPeriodic(config.jobs().progressInterval().toMillis(), ignored -> report());
    }

    /**
     * SIGTERM: claim nothing more, give running jobs {@code day2.jobs.shutdown-grace} to finish (still heartbeating),
     * then hand the rest back to the queue, so another replica takes them at once instead of after the lease.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        loops.values().forEach(PollingLoop::stop);
        long deadline = System.nanoTime() + config.jobs().shutdownGrace().toNanos();
        if (!running.isEmpty()) {
            Log.infof(
                    "shutting down: %d running jobs get up to %s to finish",
                    running.size(), config.jobs().shutdownGrace());
        }
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        if (progressTimer >= 0) {
            vertx.cancelTimer(progressTimer);
        }
        reporter.handBack(); // the jobs still running go back to the queue for another replica
    }

    /**
     * Whether this instance still holds {@code job}, as a check for the worker thread to call before every write to
     * shared storage: false once the job was handed back on shutdown or its lease was lost (seen by the heartbeat), so
     * a replica that lost a job stops writing where the new holder works (the database side is fenced by {@code
     * JobQueue.finish} already). It also answers false once less than a third of the lease is left by this JVM's own
     * clock ({@link #leaseEnds}): a replica paused past its lease stops before its first write on waking, not after
     * its next heartbeat, and a write that starts has that third of the lease to finish. Bound to this instance, not the bean's proxy: it keeps answering while the
     * application shuts down and its beans are destroyed (a fresh instance would know no fence).
     */
    public java.util.function.BooleanSupplier fence(ClaimedJob job) {
        Set<Long> set = fenced;
        Map<Long, Long> ends = leaseEnds;
        long id = job.id();
        long margin = config.jobs().lease().toNanos() / 3; // time a write that starts now may take
        return () -> {
            Long end = ends.get(id);
            return end != null && !set.contains(id) && end - System.nanoTime() > margin;
        };
    }

    /**
     * The progress handle of a running job: from this call on the job is watched, and failed as stuck when it goes
     * {@code day2.jobs.stuck-after} without advancing. Jobs that never ask are only bound by their deadline.
     */
    public JobProgress progress(ClaimedJob job) {
        return progress.computeIfAbsent(job.id(), ignored -> new WatchedProgress(metrics.items(job.kind())));
    }

    /** Asks the workers of a kind to look for jobs now, e.g. right after a consumer committed one. */
    public void wakeUp(String kind) {
        PollingLoop loop = loops.get(kind);
        if (loop != null) {
            loop.wakeUp();
        }
    }

    private Uni<Boolean> claimAndStart(JobHandler handler) {
        long mine = running.values().stream()
                .filter(j -> j.kind().equals(handler.kind()))
                .count();
        int free = Math.max(0, config.jobs().concurrency() - (int) mine);
        int limit = free + (handler.settles() ? config.jobs().settleBatch() : 0);
        if (limit == 0) {
            return Uni.createFrom().item(false);
        }
        long sent = System.nanoTime();
        return queue.claim(handler.kind(), owner, limit, config.jobs().lease()).chain(jobs -> {
            jobs.forEach(job -> {
                running.put(job.id(), job);
                leaseEnds.put(job.id(), sent + config.jobs().lease().toNanos());
            });
            return settle(handler, jobs).chain(toRun -> {
                List<ClaimedJob> now = toRun.subList(0, Math.min(free, toRun.size()));
                List<ClaimedJob> later = toRun.subList(now.size(), toRun.size());
                now.forEach(job -> start(handler, job));
                boolean settledAny = toRun.size() < jobs.size();
                boolean more = jobs.size() == limit && (settledAny || later.isEmpty());
                return unclaim(later).replaceWith(more);
            });
        });
    }

    /** Gives back claimed jobs no slot is free for, as if never claimed. */
    private Uni<Void> unclaim(List<ClaimedJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ClaimedJob> copy = List.copyOf(jobs);
        return queue.unclaim(copy).onTermination().invoke(() -> copy.forEach(job -> forget(job.id())));
    }

    /** Lets the handler end the fresh jobs it can end in one go; the rest (or all, if that fails) run one by one. */
    private Uni<List<ClaimedJob>> settle(JobHandler handler, List<ClaimedJob> jobs) {
        List<ClaimedJob> fresh = jobs.stream()
                .filter(job -> job.attempts() <= config.jobs().maxAttempts())
                .toList();
        if (fresh.isEmpty() || !handler.settles()) {
            return Uni.createFrom().item(jobs);
        }
        return VertxContexts.onSafeContext(vertx, () -> handler.settle(fresh))
                .map(unsettled -> {
                    Set<Long> settled = new HashSet<>();
                    fresh.forEach(job -> settled.add(job.id()));
                    unsettled.forEach(job -> settled.remove(job.id()));
                    settled.forEach(this::forget);
                    return jobs.stream()
                            .filter(job -> !settled.contains(job.id()))
                            .toList();
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "settling %d %s jobs at once failed, running them one by one: %s",
                            fresh.size(), handler.kind(), failure);
                    return jobs;
                });
    }

    private void start(JobHandler handler, ClaimedJob job) {
        boolean exhausted = job.attempts() > config.jobs().maxAttempts();
        String reason = "gave up after " + config.jobs().maxAttempts()
                + " attempts: the worker running it stopped (crashed or was killed) each time";
        java.time.Duration deadline = config.jobs()
                .deadlines()
                .getOrDefault(handler.kind(), config.jobs().deadline());
        if (exhausted) {
            metrics.abandoned(handler.kind(), "attempts");
        }
        boolean cancelled = job.cancelRequestedBy() != null;
        if (cancelled) {
            Log.infof("job %s/%s: cancelled by %s before it ran", job.kind(), job.name(), job.cancelRequestedBy());
        }
        io.smallrye.mutiny.subscription.Cancellable subscription = onJobContext(job, () -> {
                    if (cancelled) {
                        return handler.cancel(job, job.cancelRequestedBy());
                    }
                    return exhausted ? handler.abandon(job, reason) : handler.run(job);
                })
                .ifNoItem()
                .after(deadline)
                .failWith(() -> new DeadlineExceededException(job, deadline, handler.kind()))
                .onTermination()
                .invoke(() -> forget(job.id()))
                .subscribe()
                .with(
                        ignored -> {
                            fenced.remove(job.id());
                            wakeUp(handler.kind());
                        },
                        failure -> {
                            boolean wasFenced = fenced.remove(job.id());
                            if (failure instanceof DeadlineExceededException exceeded && !wasFenced && !stopping) {
                                // its worker may still run: without a lease end it is fenced, it writes nothing more
                                Log.errorf("job %s/%s %s", job.kind(), job.name(), exceeded.getMessage());
                                metrics.abandoned(handler.kind(), "deadline");
                                onJobContext(job, () -> handler.abandon(job, exceeded.getMessage()))
                                        .subscribe()
                                        .with(
                                                ok -> wakeUp(handler.kind()),
                                                abandonFailure -> Log.warnf(
                                                        "could not fail job %s after its deadline (it returns after"
                                                                + " the lease): %s",
                                                        job.name(), abandonFailure));
                                return;
                            }
                            if (failure instanceof LostJobException || wasFenced || stopping) {
                                Log.warnf(
                                        "job %s/%s attempt %d ended without its outcome stored (%s): %s",
                                        job.kind(),
                                        job.name(),
                                        job.attempts(),
                                        wasFenced || stopping ? "no longer held by this instance" : "taken over",
                                        failure.getMessage());
                                return;
                            }
                            Log.errorf(
                                    failure,
                                    "job %s/%s attempt %d failed; it will be retried",
                                    job.kind(),
                                    job.name(),
                                    job.attempts());
                            queue.release(job, String.valueOf(failure))
                                    .subscribe()
                                    .with(
                                            ok -> wakeUp(handler.kind()),
                                            releaseFailure -> Log.warnf(
                                                    "could not release job %s: %s", job.name(), releaseFailure));
                        });
        subscriptions.put(job.id(), subscription);
        if (!running.containsKey(job.id())) {
            subscriptions.remove(job.id()); // it ended before it was recorded
        }
    }

    private void heartbeat() {
        reporter.stuck(config.jobs().stuckAfter().toNanos(), this::failStuck);
        reporter.heartbeat(leaseEnds, config.jobs().lease().toNanos());
    }

    /** Stores the running jobs' progress and stops those someone asked to cancel, now (a cancel request calls it). */
    public void report() {
        reporter.report();
    }

    /** Who asked to cancel a job whose handler {@link JobHandler#stopsItself stops itself}; null until someone does. */
    public java.util.function.Supplier<String> cancelRequest(ClaimedJob job) {
        return reporter.cancelRequest(job.id());
    }

    /**
     * Stops a running job someone asked to cancel. A handler that {@link JobHandler#stopsItself stops itself} is only
     * told (it reads {@link #cancelRequest}); any other job is fenced from here on (every write it still tries is
     * refused, which is where its work checks), its work is cancelled, and the handler ends it as cancelled.
     */
    private void cancelRunning(ClaimedJob job, String by) {
        JobHandler handler = handlerOf(job.kind());
        if (handler != null && handler.stopsItself()) {
            if (reporter.tell(job.id(), by)) {
                Log.warnf(
                        "job %s/%s: cancelled by %s; it stops itself at its next safe point",
                        job.kind(), job.name(), by);
            }
            return;
        }
        Log.warnf("job %s/%s: cancelled by %s; stopping it at its next safe point", job.kind(), job.name(), by);
        stopAndEnd(job, h -> h.cancel(job, by), "cancelled");
    }

    /** Fails a job that went {@code day2.jobs.stuck-after} without progress, saying where it stuck. */
    private void failStuck(ClaimedJob job, String stage) {
        String reason = "stuck in " + stage + ": no progress for "
                + config.jobs().stuckAfter().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                + " (day2.jobs.stuck-after); stopped, and anything it still writes is fenced off";
        Log.errorf("job %s/%s %s", job.kind(), job.name(), reason);
        metrics.abandoned(job.kind(), "stuck");
        stopAndEnd(job, h -> h.abandon(job, reason), "stuck");
    }

    private void forget(long id) {
        reporter.forget(id);
        running.remove(id);
        leaseEnds.remove(id);
        progress.remove(id);
        subscriptions.remove(id);
    }

    /**
     * Stops a job's work at once: it is fenced from here on (no lease end), its subscription is cancelled, and {@code
     * end} stores its outcome on the job's context.
     */
    private void stopAndEnd(ClaimedJob job, java.util.function.Function<JobHandler, Uni<Void>> end, String what) {
        JobHandler handler = handlerOf(job.kind());
        io.smallrye.mutiny.subscription.Cancellable subscription = subscriptions.get(job.id());
        forget(job.id());
        if (subscription != null) {
            subscription.cancel();
        }
        if (handler != null) {
            onJobContext(job, () -> end.apply(handler))
                    .subscribe()
                    .with(
                            ok -> wakeUp(job.kind()),
                            failure -> Log.warnf(
                                    "could not end %s job %s (it returns after the lease): %s",
                                    what, job.name(), failure));
        }
    }

    /**
     * Runs a job's work on a context of its own where every line logged (its worker threads' too) names the job, in a
     * span continuing the trace of the request that recorded it.
     */
    private Uni<Void> onJobContext(ClaimedJob job, java.util.function.Supplier<Uni<Void>> work) {
        String span = job.kind() + " " + job.name();
        return VertxContexts.onSafeContext(
                vertx,
                () -> traces.inSpan(span, io.opentelemetry.api.trace.SpanKind.INTERNAL, job.traceparent(), () -> {
                    org.jboss.logging.MDC.put("job", job.kind() + "/" + job.name()); // after the span's MDC
                    return work.get();
                }));
    }

    private JobHandler handlerOf(String kind) {
        for (JobHandler handler : handlers) {
            if (handler.kind().equals(kind)) {
                return handler;
            }
        }
        return null;
    }

    private static String hostname() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "local" : host;
    }
}
