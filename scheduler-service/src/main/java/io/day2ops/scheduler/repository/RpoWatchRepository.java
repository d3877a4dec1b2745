package io.day2ops.scheduler.repository;

import io.day2ops.scheduler.domain.RpoTarget;
import io.day2ops.scheduler.domain.RpoVerdict;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The watched recovery point objectives ({@code rpo_watch}) and the backup outcomes they are judged on. */
@ApplicationScoped
public class RpoWatchRepository {

    /** The advisory lock one replica holds while it decides transitions: "day2rpo" in ASCII. */
    static final long LOCK = 0x0064_6179_3272_706FL;

    private static final String TARGETS = "SELECT w.cluster, w.schedule_name, w.rpo_objective, w.rpo_seconds,"
            + " w.watching_since, w.overdue_since, s.last_success_name, s.last_success_data_at,"
            + " l.last_backup_name, l.last_phase, l.last_reason, l.consecutive_failures FROM rpo_watch w"
            + " LEFT JOIN LATERAL (SELECT last_success_name, last_success_data_at FROM backup_outcome o"
            + "   WHERE o.cluster = w.cluster AND (w.schedule_name = '' OR o.schedule_name = w.schedule_name)"
            + "   AND o.last_success_data_at IS NOT NULL ORDER BY o.last_success_data_at DESC LIMIT 1) s ON TRUE"
            + " LEFT JOIN LATERAL (SELECT last_backup_name, last_phase, last_reason, consecutive_failures"
            + "   FROM backup_outcome o WHERE o.cluster = w.cluster"
            + "   AND (w.schedule_name = '' OR o.schedule_name = w.schedule_name)"
            + "   ORDER BY o.last_outcome_at DESC LIMIT 1) l ON TRUE";

    /**
     * An objective no longer configured.
     *
     * @param overdueSince when its open breach began, or null
     */
    public record Removed(String cluster, String schedule, String objective, Instant overdueSince) {}

    /** Whether this transaction got the lock that lets one replica at a time decide transitions. */
    public Uni<Boolean> tryLock(SqlConnection connection) {
        return connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(LOCK))
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    /**
     * Makes the watched objectives those of the backup schedules plus {@code clusterObjectives} (cluster to objective
     * and its seconds); returns those removed.
     */
    public Uni<List<Removed>> sync(
            SqlConnection connection, Map<String, Map.Entry<String, Long>> clusterObjectives, Instant now) {
        List<String> clusters = new ArrayList<>(clusterObjectives.keySet());
        String[] objectives =
                clusters.stream().map(c -> clusterObjectives.get(c).getKey()).toArray(String[]::new);
        Long[] seconds =
                clusters.stream().map(c -> clusterObjectives.get(c).getValue()).toArray(Long[]::new);
        String[] names = clusters.toArray(new String[0]);
        return connection
                .preparedQuery("INSERT INTO rpo_watch (cluster, schedule_name, rpo_objective, rpo_seconds,"
                        + " watching_since) SELECT cluster, name, rpo_objective, rpo_seconds, created_at FROM schedule"
                        + " WHERE kind = 'backup' AND rpo_seconds IS NOT NULL AND cluster IS NOT NULL"
                        + " UNION ALL SELECT c, '', o, s, $4 FROM unnest($1::text[], $2::text[], $3::bigint[])"
                        + " AS u(c, o, s) ON CONFLICT (cluster, schedule_name) DO UPDATE SET"
                        + " rpo_objective = EXCLUDED.rpo_objective, rpo_seconds = EXCLUDED.rpo_seconds")
                .execute(Tuple.of(names, objectives, seconds, at(now)))
                .chain(() -> connection
                        .preparedQuery("DELETE FROM rpo_watch w WHERE CASE WHEN w.schedule_name = ''"
                                + " THEN NOT (w.cluster = ANY($1::text[]))"
                                + " ELSE NOT EXISTS (SELECT 1 FROM schedule s WHERE s.name = w.schedule_name"
                                + " AND s.cluster = w.cluster AND s.kind = 'backup' AND s.rpo_seconds IS NOT NULL)"
                                + " END RETURNING w.cluster, w.schedule_name, w.rpo_objective, w.overdue_since")
                        .execute(Tuple.of((Object) names)))
                .map(rows -> {
                    List<Removed> removed = new ArrayList<>();
                    for (Row row : rows) {
                        removed.add(new Removed(
                                row.getString("cluster"),
                                schedule(row),
                                row.getString("rpo_objective"),
                                instant(row.getOffsetDateTime("overdue_since"))));
                    }
                    return removed;
                });
    }

    /** Every watched objective with its backups; locked for this transaction when {@code forUpdate}. */
    public Uni<List<RpoTarget>> targets(SqlConnection connection, boolean forUpdate) {
        return connection
                .query(forUpdate ? TARGETS + " FOR UPDATE OF w" : TARGETS)
                .execute()
                .map(rows -> {
                    List<RpoTarget> targets = new ArrayList<>();
                    for (Row row : rows) {
                        targets.add(new RpoTarget(
                                row.getString("cluster"),
                                schedule(row),
                                row.getString("rpo_objective"),
                                row.getLong("rpo_seconds"),
                                instant(row.getOffsetDateTime("watching_since")),
                                instant(row.getOffsetDateTime("overdue_since")),
                                row.getString("last_success_name"),
                                instant(row.getOffsetDateTime("last_success_data_at")),
                                row.getString("last_backup_name"),
                                row.getString("last_phase"),
                                row.getString("last_reason"),
                                row.getInteger("consecutive_failures")));
                    }
                    return targets;
                });
    }

    /** Records breaches that began (open since their deadline) and ended (closed), in one statement. */
    public Uni<Void> recordTransitions(SqlConnection connection, List<RpoVerdict> changed, Instant now) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] clusters = new String[changed.size()];
        String[] schedules = new String[changed.size()];
        OffsetDateTime[] since = new OffsetDateTime[changed.size()];
        for (int i = 0; i < changed.size(); i++) {
            RpoVerdict verdict = changed.get(i);
            clusters[i] = verdict.target().cluster();
            schedules[i] =
                    verdict.target().schedule() == null ? "" : verdict.target().schedule();
            since[i] = verdict.breached() ? at(verdict.deadline()) : null;
        }
        return connection
                .preparedQuery("UPDATE rpo_watch w SET overdue_since = u.since,"
                        + " detected_at = CASE WHEN u.since IS NULL THEN NULL ELSE $4::timestamptz END"
                        + " FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(c, s, since)"
                        + " WHERE w.cluster = u.c AND w.schedule_name = u.s")
                .execute(Tuple.of(clusters, schedules, since, at(now)))
                .replaceWithVoid();
    }

    private static String schedule(Row row) {
        String name = row.getString("schedule_name");
        return name.isEmpty() ? null : name;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
