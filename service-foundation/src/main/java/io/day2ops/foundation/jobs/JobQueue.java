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
                        + " started_at = coalesce(started_at, now()), attempts = attempts + 1"
                        + " WHERE id IN (SELECT id FROM job WHERE kind = $2 AND (phase = 'New'"
                        + " OR (phase = 'InProgress' AND heartbeat_at < now() - make_interval(secs => $3)))"
                        + " ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, kind, name, payload, attempts, owner, created_at, traceparent")
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
                                row.getString("traceparent")));
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
