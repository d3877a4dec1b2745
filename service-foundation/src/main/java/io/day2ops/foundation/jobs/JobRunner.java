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
import java.util.ArrayList;
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
    private long heartbeatTimer = -1;

    public JobRunner(Instance<JobHandler> handlers, JobQueue queue, FoundationConfig config, Vertx vertx) {
        this.handlers = handlers;
        this.queue = queue;
        this.config = config;
        this.vertx = vertx;
        this.owner = config.serviceName() + "-" + hostname() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.jobs().enabled()) {
            Log.info("job workers disabled on this instance (day2.jobs.enabled=false)");
            return;
        }
        for (JobHandler handler : handlers) {
            PollingLoop loop = new PollingLoop(
                    handler.kind() + " jobs", vertx, config.jobs().pollInterval(), () -> claimAndStart(handler));
            loops.put(handler.kind(), loop);
            loop.start();
        }
        heartbeatTimer = vertx.setPeriodic(config.jobs().heartbeatInterval().toMillis(), ignored -> heartbeat());
    }

    void onStop(@Observes ShutdownEvent event) {
        loops.values().forEach(PollingLoop::stop);
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
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
        return queue.claim(handler.kind(), owner, limit, config.jobs().lease()).chain(jobs -> {
            jobs.forEach(job -> running.put(job.id(), job));
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
        return queue.unclaim(copy).onTermination().invoke(() -> copy.forEach(job -> running.remove(job.id())));
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
                    settled.forEach(running::remove);
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
        VertxContexts.onSafeContext(vertx, () -> exhausted ? handler.abandon(job, reason) : handler.run(job))
                .onTermination()
                .invoke(() -> running.remove(job.id()))
                .subscribe()
                .with(ignored -> wakeUp(handler.kind()), failure -> {
                    if (failure instanceof LostJobException) {
                        Log.warn(failure.getMessage());
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
                                    releaseFailure ->
                                            Log.warnf("could not release job %s: %s", job.name(), releaseFailure));
                });
    }

    private void heartbeat() {
        List<ClaimedJob> held = new ArrayList<>(running.values());
        queue.heartbeat(held).subscribe().with(ok -> {}, failure -> Log.warnf("job heartbeat failed: %s", failure));
    }

    private static String hostname() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "local" : host;
    }
}
