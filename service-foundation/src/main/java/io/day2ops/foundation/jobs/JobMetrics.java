package io.day2ops.foundation.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Every job kind's figures, the same for backups, restores, gates, rollouts, drains and drills:
 *
 * <ul>
 *   <li>{@code day2_jobs_total{kind,outcome}} and {@code day2_job_duration_seconds{kind,outcome}} (a histogram, from
 *       the request being recorded to its outcome), counted by the worker that stores the outcome;
 *   <li>{@code day2_job_items_total{kind}}: items processed by jobs that report progress;
 *   <li>{@code day2_jobs_abandoned_total{kind,reason}}: jobs failed by the runner (stuck, deadline, attempts);
 *   <li>{@code day2_jobs_queued}, {@code day2_jobs_running}, {@code day2_job_oldest_queued_age_seconds} and
 *       {@code day2_job_oldest_claim_age_seconds} per kind, read from the job table every 15 s (the same on every
 *       replica: aggregate them with {@code max}, not {@code sum});
 *   <li>{@code day2_jobs_running_items_done{kind}} and {@code day2_jobs_running_items_expected{kind}}: items done and
 *       expected by the running jobs, as their workers last reported (done / expected is how far the kind's running
 *       work is; read with the gauges above).
 * </ul>
 */
@ApplicationScoped
public class JobMetrics {

    private static final Logger LOG = Logger.getLogger(JobMetrics.class);

    /** Buckets from a one-second gate to a six-hour backup. */
    private static final Duration[] BUCKETS = {
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6)
    };

    private final MeterRegistry meters;
    private final Pool pool;
    private final Vertx vertx;
    private final Clock clock;
    private final Instance<JobHandler> handlers;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private long timer = -1;

    /** One kind's queue as last read. */
    private static final class Queue {
        volatile double queued;
        volatile double running;
        volatile double oldestQueued;
        volatile double oldestClaim;
        volatile double itemsDone;
        volatile double itemsExpected;
    }

    public JobMetrics(MeterRegistry meters, Pool pool, Vertx vertx, Clock clock, Instance<JobHandler> handlers) {
        this.meters = meters;
        this.pool = pool;
        this.vertx = vertx;
        this.clock = clock;
        this.handlers = handlers;
    }

    void start(@Observes StartupEvent event) {
        for (JobHandler handler : handlers) {
            queues.computeIfAbsent(handler.kind(), this::register);
            // at 0 from the start, so that Prometheus' increase() sees a kind's first failure too
            for (JobPhase phase :
                    List.of(JobPhase.Completed, JobPhase.PartiallyFailed, JobPhase.Failed, JobPhase.Cancelled)) {
                jobs(handler.kind(), phase.name());
            }
            items(handler.kind());
            for (String reason : List.of("stuck", "deadline", "attempts")) {
                abandonedCounter(handler.kind(), reason);
            }
        }
        if (!queues.isEmpty()) {
            timer = vertx.setPeriodic(1_000, 15_000, ignored -> refresh());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Counts outcomes just stored: one per job, timed from when its request was recorded. */
    void finished(Iterable<JobOutcome> outcomes) {
        long now = clock.millis();
        for (JobOutcome outcome : outcomes) {
            String kind = outcome.job().kind();
            String phase = outcome.phase().name();
            jobs(kind, phase).increment();
            Timer.builder("day2.job.duration")
                    .description("time from a job's request being recorded to its outcome")
                    .tags("kind", kind, "outcome", phase)
                    .serviceLevelObjectives(BUCKETS)
                    .register(meters)
                    .record(Duration.ofMillis(
                            Math.max(0, now - outcome.job().createdAt().toEpochMilli())));
        }
    }

    /** The counter of items a job of {@code kind} processed (for {@link JobProgress#advanced()}). */
    Counter items(String kind) {
        return Counter.builder("day2.job.items")
                .description("items processed by jobs that report progress (objects captured or restored)")
                .tag("kind", kind)
                .register(meters);
    }

    /** Counts a job the runner failed itself: {@code stuck}, {@code deadline} or {@code attempts}. */
    void abandoned(String kind, String reason) {
        abandonedCounter(kind, reason).increment();
    }

    private Counter jobs(String kind, String outcome) {
        return Counter.builder("day2.jobs")
                .description("jobs ended, by kind and outcome (Completed, PartiallyFailed, Failed)")
                .tags("kind", kind, "outcome", outcome)
                .register(meters);
    }

    private Counter abandonedCounter(String kind, String reason) {
        return Counter.builder("day2.jobs.abandoned")
                .description("jobs failed by the runner: stuck without progress, past their deadline, or out of"
                        + " attempts")
                .tags("kind", kind, "reason", reason)
                .register(meters);
    }

    private Queue register(String kind) {
        Queue queue = new Queue();
        Gauge.builder("day2.jobs.queued", queue, q -> q.queued)
                .description("jobs recorded and waiting for a worker")
                .tag("kind", kind)
                .register(meters);
        Gauge.builder("day2.jobs.running", queue, q -> q.running)
                .description("jobs held by a worker")
                .tag("kind", kind)
                .register(meters);
        Gauge.builder("day2.job.oldest.queued.age", queue, q -> q.oldestQueued)
                .baseUnit("seconds")
                .description("how long the oldest waiting job has waited (0 when none)")
                .tag("kind", kind)
                .register(meters);
        Gauge.builder("day2.job.oldest.claim.age", queue, q -> q.oldestClaim)
                .baseUnit("seconds")
                .description("how long the longest-running job has run since its first claim (0 when none)")
                .tag("kind", kind)
                .register(meters);
        Gauge.builder("day2.jobs.running.items.done", queue, q -> q.itemsDone)
                .description("items done by the running jobs, as their workers last reported")
                .tag("kind", kind)
                .register(meters);
        Gauge.builder("day2.jobs.running.items.expected", queue, q -> q.itemsExpected)
                .description("items the running jobs expect in all, as their workers last reported")
                .tag("kind", kind)
                .register(meters);
        return queue;
    }

    private void refresh() {
        pool.preparedQuery("SELECT kind, count(*) FILTER (WHERE phase = 'New') AS queued,"
                        + " count(*) FILTER (WHERE phase = 'InProgress') AS running,"
                        + " coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE phase = 'New')), 0)"
                        + " AS oldest_queued, coalesce(extract(epoch FROM now() - min(started_at)"
                        + " FILTER (WHERE phase = 'InProgress')), 0) AS oldest_claim,"
                        + " coalesce(sum(items_done) FILTER (WHERE phase = 'InProgress'), 0) AS items_done,"
                        + " coalesce(sum(items_total) FILTER (WHERE phase = 'InProgress'), 0) AS items_expected"
                        + " FROM job WHERE phase IN ('New', 'InProgress') GROUP BY kind")
                .execute()
                .subscribe()
                .with(
                        rows -> {
                            Map<String, Row> byKind = new java.util.HashMap<>();
                            rows.forEach(row -> byKind.put(row.getString("kind"), row));
                            queues.forEach((kind, queue) -> {
                                Row row = byKind.get(kind);
                                queue.queued = row == null ? 0 : row.getLong("queued");
                                queue.running = row == null ? 0 : row.getLong("running");
                                queue.oldestQueued = row == null ? 0 : number(row, "oldest_queued");
                                queue.oldestClaim = row == null ? 0 : number(row, "oldest_claim");
                                queue.itemsDone = row == null ? 0 : number(row, "items_done");
                                queue.itemsExpected = row == null ? 0 : number(row, "items_expected");
                            });
                        },
                        failure -> LOG.debugf("job gauges not refreshed: %s", failure));
    }

    private static double number(Row row, String column) {
        return ((Number) row.getValue(column)).doubleValue();
    }
}
