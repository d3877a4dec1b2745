package io.day2ops.foundation.jobs;

import io.day2ops.foundation.runtime.NativeStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
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

    private final Pool pool;
    private final Clock clock;

    public JobQueue(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Records a job. Must run inside {@code Panache.withTransaction}.
     *
     * @return false when a job of this kind and name already exists (nothing is changed)
     */
    public Uni<Boolean> enqueue(String kind, String name, String payload) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "INSERT INTO job (kind, name, phase, payload, created_at) VALUES (?1, ?2, 'New', ?3, ?4)"
                                        + " ON CONFLICT (kind, name) DO NOTHING")
                        .setParameter(1, kind)
                        .setParameter(2, name)
                        .setParameter(3, payload)
                        .setParameter(4, now())
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
        OffsetDateTime now = now();
        List<Object[]> rows = payloads.entrySet().stream()
                .map(job -> new Object[] {kind, job.getKey(), "New", job.getValue(), now})
                .toList();
        return NativeStatements.insertRows(
                "job",
                List.of("kind", "name", "phase", "payload", "created_at"),
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
                        + " RETURNING id, kind, name, payload, attempts, owner, created_at")
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
                                row.getOffsetDateTime("created_at").toInstant()));
                    }
                    jobs.sort((a, b) -> Long.compare(a.id(), b.id()));
                    return jobs;
                });
    }

    /** Keeps the claims alive. */
    public Uni<Void> heartbeat(List<ClaimedJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Long[] ids = jobs.stream().map(ClaimedJob::id).toArray(Long[]::new);
        return pool.preparedQuery(
                        "UPDATE job SET heartbeat_at = now() WHERE id = ANY($1) AND owner = $2 AND phase = 'InProgress'")
                .execute(Tuple.of(ids, jobs.get(0).owner()))
                .replaceWithVoid();
    }

    /**
     * Ends a job in the caller's transaction. Fails with {@link LostJobException} (rolling the transaction back) if
     * the job was taken over by another worker since this claim.
     */
    public Uni<Void> finish(ClaimedJob job, JobPhase phase, String message) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "UPDATE job SET phase = ?1, message = ?2, finished_at = ?3, heartbeat_at = NULL"
                                        + " WHERE id = ?4 AND owner = ?5 AND attempts = ?6 AND phase = 'InProgress'")
                        .setParameter(1, phase.name())
                        .setParameter(2, message)
                        .setParameter(3, now())
                        .setParameter(4, job.id())
                        .setParameter(5, job.owner())
                        .setParameter(6, job.attempts())
                        .executeUpdate())
                .chain(updated -> updated == 1
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new LostJobException(job)));
    }

    /**
     * Ends several jobs in one statement on {@code connection}, which must be in a transaction. Fails with
     * {@link LostJobException} (so the caller's transaction rolls back) if any of them was taken over by another
     * worker since its claim.
     */
    public Uni<Void> finishAll(SqlConnection connection, List<JobOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = outcomes.size();
        Long[] ids = new Long[size];
        String[] owners = new String[size];
        Integer[] attempts = new Integer[size];
        String[] phases = new String[size];
        String[] messages = new String[size];
        for (int i = 0; i < size; i++) {
            JobOutcome outcome = outcomes.get(i);
            ids[i] = outcome.job().id();
            owners[i] = outcome.job().owner();
            attempts[i] = outcome.job().attempts();
            phases[i] = outcome.phase().name();
            messages[i] = outcome.message();
        }
        return connection
                .preparedQuery("UPDATE job j SET phase = u.phase, message = u.message, finished_at = $6,"
                        + " heartbeat_at = NULL FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[],"
                        + " $5::text[]) AS u(id, owner, attempts, phase, message)"
                        + " WHERE j.id = u.id AND j.owner = u.owner AND j.attempts = u.attempts"
                        + " AND j.phase = 'InProgress' RETURNING j.id")
                .execute(Tuple.from(new Object[] {ids, owners, attempts, phases, messages, now()}))
                .chain(rows -> {
                    if (rows.rowCount() == size) {
                        return Uni.createFrom().voidItem();
                    }
                    Set<Long> finished = new HashSet<>();
                    rows.forEach(row -> finished.add(row.getLong(0)));
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
