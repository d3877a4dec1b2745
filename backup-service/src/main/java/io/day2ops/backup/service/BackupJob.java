package io.day2ops.backup.service;

import io.day2ops.backup.domain.Backup;
import io.day2ops.backup.repository.BackupRepository;
import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupPhase;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobOutcome;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a backup job. Today it settles what can be settled without capturing resources: a request for a cluster this
 * service has no connection for ends {@code Failed} with that reason. Resource capture, etcd snapshots and storage
 * (issue 4) are not built yet, so a backup of a configured cluster also ends {@code Failed} and says exactly that:
 * nothing is pretended.
 */
@ApplicationScoped
public class BackupJob implements JobHandler {

    public static final String KIND = "backup";

    static final String CAPTURE_NOT_AVAILABLE =
            "resource capture is not available in this build of backup-service yet;" + " no backup was written";

    private final BackupRepository backups;
    private final ClusterConnections clusters;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final Clock clock;
    private final Pool pool;

    public BackupJob(
            BackupRepository backups,
            ClusterConnections clusters,
            EventOutbox outbox,
            JobQueue jobs,
            Clock clock,
            Pool pool) {
        this.backups = backups;
        this.clusters = clusters;
        this.outbox = outbox;
        this.jobs = jobs;
        this.clock = clock;
        this.pool = pool;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean settles() {
        return true;
    }

    /**
     * Fails, in one transaction, every claimed backup whose cluster this service has no connection for (and ends the
     * jobs whose catalog entry is gone); the others are left to {@link #run}.
     */
    @Override
    public Uni<List<ClaimedJob>> settle(List<ClaimedJob> claimed) {
        String[] names = claimed.stream().map(ClaimedJob::name).toArray(String[]::new);
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT name, cluster FROM backup WHERE name = ANY($1) FOR UPDATE")
                .execute(Tuple.of(names))
                .chain(rows -> {
                    Map<String, String> clusterOf = new HashMap<>();
                    rows.forEach(row -> clusterOf.put(row.getString("name"), row.getString("cluster")));
                    List<ClaimedJob> toRun = new ArrayList<>();
                    List<JobOutcome> outcomes = new ArrayList<>();
                    Map<String, String> failures = new LinkedHashMap<>();
                    for (ClaimedJob job : claimed) {
                        String cluster = clusterOf.get(job.name());
                        if (cluster == null) {
                            outcomes.add(new JobOutcome(job, JobPhase.Failed, notInCatalog(job)));
                        } else if (!clusters.isConfigured(cluster)) {
                            String reason = clusters.unknownClusterMessage(cluster);
                            failures.put(job.name(), reason);
                            outcomes.add(new JobOutcome(job, JobPhase.Failed, reason));
                        } else {
                            toRun.add(job);
                        }
                    }
                    if (outcomes.isEmpty()) {
                        return Uni.createFrom().item(toRun);
                    }
                    return failAll(connection, failures)
                            .chain(() -> jobs.finishAll(connection, outcomes))
                            .replaceWith(toRun);
                }));
    }

    /** Stores the backups as failed and publishes a {@code BackupFailed} for each, on the caller's transaction. */
    private Uni<Void> failAll(SqlConnection connection, Map<String, String> reasons) {
        if (reasons.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        return connection
                .preparedQuery("UPDATE backup b SET phase = $3, failure_reason = u.reason,"
                        + " started_at = coalesce(b.started_at, $4), completed_at = $4"
                        + " FROM unnest($1::text[], $2::text[]) AS u(name, reason) WHERE b.name = u.name"
                        + " RETURNING b.name, b.cluster, b.started_at, b.schedule_name")
                .execute(Tuple.of(
                        reasons.keySet().toArray(new String[0]),
                        reasons.values().toArray(new String[0]),
                        BackupPhase.Failed.name(),
                        at))
                .chain(rows -> {
                    List<BackupFailed> events = new ArrayList<>();
                    for (Row row : rows) {
                        String name = row.getString("name");
                        String cluster = row.getString("cluster");
                        String reason = reasons.get(name);
                        Log.warnf("backup %s of cluster %s failed: %s", name, cluster, reason);
                        events.add(new BackupFailed(
                                name,
                                cluster,
                                reason,
                                row.getOffsetDateTime("started_at").toInstant(),
                                now,
                                row.getString("schedule_name")));
                    }
                    return outbox.publishAll(connection, events);
                });
    }

    private static String notInCatalog(ClaimedJob job) {
        return "backup " + job.name() + " is not in the catalog";
    }

    @Override
    public Uni<Void> run(ClaimedJob job) {
        return Panache.withTransaction(() -> backups.findByName(job.name()).chain(backup -> {
            if (backup == null) {
                return jobs.finish(job, JobPhase.Failed, notInCatalog(job));
            }
            if (!clusters.isConfigured(backup.cluster)) {
                return fail(job, backup, clusters.unknownClusterMessage(backup.cluster));
            }
            return fail(job, backup, CAPTURE_NOT_AVAILABLE);
        }));
    }

    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        return Panache.withTransaction(() -> backups.findByName(job.name())
                .chain(backup ->
                        backup == null ? jobs.finish(job, JobPhase.Failed, reason) : fail(job, backup, reason)));
    }

    private Uni<Void> fail(ClaimedJob job, Backup backup, String reason) {
        Instant now = clock.instant();
        backup.phase = BackupPhase.Failed;
        backup.failureReason = reason;
        backup.startedAt = backup.startedAt == null ? now : backup.startedAt;
        backup.completedAt = now;
        Log.warnf("backup %s of cluster %s failed: %s", backup.name, backup.cluster, reason);
        BackupFailed event =
                new BackupFailed(backup.name, backup.cluster, reason, backup.startedAt, now, backup.schedule);
        return outbox.publish(event).chain(() -> jobs.finish(job, JobPhase.Failed, reason));
    }
}
