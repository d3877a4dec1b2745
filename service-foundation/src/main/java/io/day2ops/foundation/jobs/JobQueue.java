package io.day2ops.foundation.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.day2ops.foundation.runtime.NativeStatements;
import io.day2ops.foundation.tracing.Traces;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job table: consumers enqueue (in their transaction), workers claim with {@code FOR UPDATE SKIP LOCKED} so no
 * two workers ever hold the same job, heartbeat while they work, and finish in the transaction that stores the
 * outcome. Lease times use the database's clock so replicas agree.
 */
@ApplicationScoped
public class JobQueue {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Pool pool;
    private final Clock clock;
    private final JobMetrics metrics;

    public JobQueue(Pool pool, Clock clock, JobMetrics metrics) {
        this.pool = pool;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Records a job. Must run inside {@code Panache.withTransaction}.
     *
     * @return false when a job of this kind and name already exists (nothing is changed)
     */
    public Uni<Boolean> enqueue(String kind, String name, String payload) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "INSERT INTO job (kind, name, phase, payload, created_at, traceparent)"
                                        + " VALUES (?1, ?2, 'New', ?3, ?4, ?5) ON CONFLICT (kind, name) DO NOTHING")
                        .setParameter(1, kind)
                        .setParameter(2, name)
                        .setParameter(3, payload)
                        .setParameter(4, now())
                        .setParameter(5, Traces.current())
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * Records jobs of one kind in one statement, skipping names that already have a job. Must run inside
     * {@code Panache.withTransaction}.
     *
     * @param payloads job name to payload, in the order to run them
     * @return the names of the jobs recorded
     */
    public Uni<List<String>> enqueueAll(String kind, Map<String, String> payloads) {
        return enqueueAll(kind, payloads, Map.of());
    }

    /**
     * {@link #enqueueAll(String, Map)} for jobs of several requests, each continuing its own request's trace.
     *
     * @param traceparents job name to the W3C trace context of its request (the current one for names not in it)
     */
    public Uni<List<String>> enqueueAll(String kind, Map<String, String> payloads, Map<String, String> traceparents) {
        OffsetDateTime now = now();
        String current = Traces.current();
        List<Object[]> rows = payloads.entrySet().stream()
                .map(job -> new Object[] {
                    kind, job.getKey(), "New", job.getValue(), now, traceparents.getOrDefault(job.getKey(), current)
                })
                .toList();
        return NativeStatements.insertRows(
                "job",
                List.of("kind", "name", "phase", "payload", "created_at", "traceparent"),
                "ON CONFLICT (kind, name) DO NOTHING RETURNING name",
                rows,
                String.class);
    }

    /**
     * Claims up to {@code limit} jobs of a kind: new ones, and ones whose worker stopped heartbeating for longer than
     * {@code lease}. Oldest first.
     */
    public Uni<List<ClaimedJob>> claim(String kind, String owner, int limit, Duration lease) {
        return pool.preparedQuery("UPDATE job SET phase = 'InProgress', owner = $1, heartbeat_at = now(),"
                        + " started_at = coalesce(started_at, now()), attempts = attempts + 1,"
                        + " stage = NULL, items_done = NULL, items_total = NULL, items_per_second = NULL,"
                        + " progress_at = NULL, log_tail = NULL"
                        + " WHERE id IN (SELECT id FROM job WHERE kind = $2 AND (phase = 'New'"
                        + " OR (phase = 'InProgress' AND heartbeat_at < now() - make_interval(secs => $3)))"
                        + " ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, kind, name, payload, attempts, owner, created_at, traceparent,"
                        + " cancel_requested_by")
                .execute(Tuple.of(owner, kind, lease.toMillis() / 1000.0, limit))
                .map(rows -> {
                    List<ClaimedJob> jobs = new ArrayList<>();
                    for (Row row : rows) {
                        jobs.add(new ClaimedJob(
                                row.getLong("id"),
                                row.getString("kind"),
                                row.getString("name"),
                                row.getString("payload"),
                                row.getInteger("attempts"),
                                row.getString("owner"),
                                row.getOffsetDateTime("created_at").toInstant(),
                                row.getString("traceparent"),
                                row.getString("cancel_requested_by")));
                    }
                    jobs.sort((a, b) -> Long.compare(a.id(), b.id()));
                    return jobs;
                });
    }

    /** Keeps the claims alive; answers the ids still held (the others were taken over: their lease ran out). */
    public Uni<java.util.Set<Long>> heartbeat(List<ClaimedJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        Long[] ids = jobs.stream().map(ClaimedJob::id).toArray(Long[]::new);
        return pool.preparedQuery("UPDATE job SET heartbeat_at = now() WHERE id = ANY($1) AND owner = $2"
                        + " AND phase = 'InProgress' RETURNING id")
                .execute(Tuple.of(ids, jobs.get(0).owner()))
                .map(rows -> {
                    java.util.Set<Long> held = new java.util.HashSet<>();
                    rows.forEach(row -> held.add(row.getLong("id")));
                    return held;
                });
    }

    /**
     * Stores the progress of running jobs this worker holds, and answers who asked to cancel any of them (job id to
     * the requester, for the jobs with a cancel request).
     */
    public Uni<Map<Long, String>> report(String owner, Map<ClaimedJob, WatchedProgress.Snapshot> reports) {
        if (reports.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        int n = reports.size();
        Long[] ids = new Long[n];
        String[] stages = new String[n];
        Long[] done = new Long[n];
        Long[] totals = new Long[n];
        Double[] rates = new Double[n];
        String[] logs = new String[n];
        int i = 0;
        for (Map.Entry<ClaimedJob, WatchedProgress.Snapshot> report : reports.entrySet()) {
            ids[i] = report.getKey().id();
            WatchedProgress.Snapshot snapshot = report.getValue();
            stages[i] = snapshot == null ? null : snapshot.stage();
            done[i] = snapshot == null ? null : snapshot.done();
            totals[i] = snapshot == null ? null : snapshot.total();
            rates[i] = snapshot == null ? null : snapshot.rate();
            logs[i] = snapshot == null ? null : snapshot.log();
            i++;
        }
        return pool.preparedQuery("UPDATE job j SET stage = coalesce(u.stage, j.stage),"
                        + " items_done = coalesce(u.done, j.items_done), items_total = coalesce(u.total, j.items_total),"
                        + " items_per_second = coalesce(u.rate, j.items_per_second),"
                        + " progress_at = CASE WHEN u.stage IS NULL THEN j.progress_at ELSE now() END,"
                        + " log_tail = CASE WHEN u.log IS NULL THEN j.log_tail"
                        + " ELSE right(coalesce(j.log_tail, '') || u.log, 65536) END"
                        + " FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::float8[],"
                        + " $6::text[]) AS u(id, stage, done, total, rate, log)"
                        + " WHERE j.id = u.id AND j.owner = $7 AND j.phase = 'InProgress'"
                        + " RETURNING j.id, j.cancel_requested_by")
                .execute(Tuple.from(java.util.Arrays.<Object>asList(ids, stages, done, totals, rates, logs, owner)))
                .map(rows -> {
                    Map<Long, String> cancelled = new java.util.HashMap<>();
                    for (Row row : rows) {
                        String by = row.getString("cancel_requested_by");
                        if (by != null) {
                            cancelled.put(row.getLong("id"), by);
                        }
                    }
                    return cancelled;
                });
    }

    /**
     * Asks the worker of a job to stop it (kept if asked before: the first requester is the one recorded). A job no
     * worker has claimed yet is ended as cancelled by the next claim, without running.
     *
     * @return the job as it stands after the request, or null when there is no job of that kind and name
     */
    public Uni<JobStatus> requestCancel(String kind, String name, String by) {
        return pool.preparedQuery("UPDATE job SET cancel_requested_at = coalesce(cancel_requested_at, now()),"
                        + " cancel_requested_by = coalesce(cancel_requested_by, $3)"
                        + " WHERE kind = $1 AND name = $2 AND phase IN ('New', 'InProgress') RETURNING id")
                .execute(Tuple.of(kind, name, by))
                .chain(ignored -> status(kind, name));
    }

    /** A job's phase and last reported progress, or null when there is no job of that kind and name. */
    public Uni<JobStatus> status(String kind, String name) {
        return pool.preparedQuery("SELECT phase, stage, items_done, items_total, items_per_second, progress_at,"
                        + " cancel_requested_at, cancel_requested_by, message FROM job WHERE kind = $1 AND name = $2")
                .execute(Tuple.of(kind, name))
                .map(rows -> {
                    java.util.Iterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return new JobStatus(
                            JobPhase.valueOf(row.getString("phase")),
                            row.getString("stage"),
                            row.getLong("items_done"),
                            row.getLong("items_total"),
                            row.getDouble("items_per_second"),
                            instant(row.getOffsetDateTime("progress_at")),
                            instant(row.getOffsetDateTime("cancel_requested_at")),
                            row.getString("cancel_requested_by"),
                            row.getString("message"));
                });
    }

    /** The log a running job wrote so far (its last 64 KiB), or null when it has none or there is no such job. */
    public Uni<String> logTail(String kind, String name) {
        return pool.preparedQuery("SELECT log_tail FROM job WHERE kind = $1 AND name = $2")
                .execute(Tuple.of(kind, name))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("log_tail") : null);
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /**
     * Ends a job in the caller's transaction. Fails with {@link LostJobException} (rolling the transaction back) if
     * the job was taken over by another worker since this claim.
     */
    public Uni<Void> finish(ClaimedJob job, JobPhase phase, String message) {
        return finishAll(List.of(new JobOutcome(job, phase, message)));
    }

    /**
     * Ends several jobs in one statement, in the caller's transaction ({@code Panache.withTransaction}). Fails with
     * {@link LostJobException} (so the caller's transaction rolls back) if any of them was taken over by another
     * worker since its claim.
     */
    public Uni<Void> finishAll(List<JobOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The outcomes travel as one JSON document: a single parameter however many jobs end.
        ArrayNode rows = JSON.createArrayNode();
        for (JobOutcome outcome : outcomes) {
            rows.addObject()
                    .put("id", outcome.job().id())
                    .put("owner", outcome.job().owner())
                    .put("attempts", outcome.job().attempts())
                    .put("phase", outcome.phase().name())
                    .put("message", outcome.message());
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "UPDATE job j SET phase = u.phase, message = u.message, finished_at = ?1,"
                                        + " heartbeat_at = NULL FROM jsonb_to_recordset(CAST(CAST(?2 AS text) AS jsonb))"
                                        + " AS u(id bigint, owner text, attempts int, phase text, message text)"
                                        + " WHERE j.id = u.id AND j.owner = u.owner AND j.attempts = u.attempts"
                                        + " AND j.phase = 'InProgress' RETURNING j.id",
                                Long.class)
                        .setParameter(1, now())
                        .setParameter(2, rows.toString())
                        .getResultList())
                .chain(finishedIds -> {
                    if (finishedIds.size() == outcomes.size()) {
                        // counted when written: a commit that then fails (rare) counts the job again when retried
                        metrics.finished(outcomes);
                        return Uni.createFrom().voidItem();
                    }
                    Set<Long> finished = new HashSet<>(finishedIds);
                    ClaimedJob lost = outcomes.stream()
                            .map(JobOutcome::job)
                            .filter(job -> !finished.contains(job.id()))
                            .findFirst()
                            .orElseThrow();
                    return Uni.createFrom().failure(new LostJobException(lost));
                });
    }

    /**
     * Gives claimed jobs back untouched: their claim does not count as an attempt. For jobs claimed in a batch that no
     * worker slot is free for.
     */
    public Uni<Void> unclaim(List<ClaimedJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = jobs.stream().map(ClaimedJob::id).toArray(Long[]::new);
        return pool.preparedQuery("UPDATE job SET phase = 'New', owner = NULL, heartbeat_at = NULL,"
                        + " attempts = attempts - 1, started_at = CASE WHEN attempts = 1 THEN NULL ELSE started_at END"
                        + " WHERE id = ANY($1) AND owner = $2 AND phase = 'InProgress'")
                .execute(Tuple.of(ids, jobs.get(0).owner()))
                .replaceWithVoid();
    }

    /** Puts a job whose run failed back for another attempt (it keeps its attempt count). */
    public Uni<Void> release(ClaimedJob job, String reason) {
        return pool.preparedQuery("UPDATE job SET phase = 'New', owner = NULL, heartbeat_at = NULL, message = $1"
                        + " WHERE id = $2 AND owner = $3 AND phase = 'InProgress'")
                .execute(Tuple.of(reason, job.id(), job.owner()))
                .replaceWithVoid();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
