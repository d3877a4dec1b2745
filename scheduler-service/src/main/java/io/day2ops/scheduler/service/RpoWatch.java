package io.day2ops.scheduler.service;

import io.day2ops.events.BackupOverdue;
import io.day2ops.events.BackupOverdueCleared;
import io.day2ops.events.Day2Event;
import io.day2ops.events.GoDuration;
import io.day2ops.events.Names;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.PollingLoop;
import io.day2ops.scheduler.config.SchedulerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches recovery point objectives: each backup schedule's ({@code rpoObjective}) and each cluster-wide one from
 * {@code day2.scheduler.rpo.clusters}. Every check interval, the age of the newest successful backup (or, with none,
 * the time watched without one) is compared with the objective; a breach publishes {@code BackupOverdue} once and its
 * end {@code BackupOverdueCleared} once — the state change and the event commit in one transaction, and one replica
 * at a time decides (a PostgreSQL advisory lock), so N replicas announce each breach once. Every replica exports the
 * age and the objective as gauges ({@code day2_backup_age_seconds}, {@code day2_backup_rpo_objective_seconds}).
 */
@ApplicationScoped
public class RpoWatch {

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

    private final Pool pool;
    private final EventOutbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;
    private final io.vertx.core.Vertx vertx;
    private final SchedulerConfig.Rpo config;
    private final Map<List<String>, Target> targets = new ConcurrentHashMap<>();
    private PollingLoop loop;

    public RpoWatch(
            Pool pool, EventOutbox outbox, Clock clock, MeterRegistry meters, Vertx vertx, SchedulerConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
        this.vertx = vertx.getDelegate();
        this.config = config.scheduler().rpo();
        config.scheduler().rpo().clusters().forEach((cluster, objective) -> {
            if (!Names.isDns1123Label(cluster)) {
                throw new IllegalArgumentException(
                        "day2.scheduler.rpo.clusters: '" + cluster + "' is not a cluster name (a DNS-1123 label)");
            }
            try {
                GoDuration.parse(objective);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("day2.scheduler.rpo.clusters." + cluster + ": " + e.getMessage(), e);
            }
        });
    }

    void start(@Observes StartupEvent event) {
        loop = new PollingLoop(
                "RPO watch", vertx, config.checkInterval(), () -> checkOnce().replaceWith(false));
        loop.start();
    }

    @PreDestroy
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    /** What one check did. */
    public record Check(boolean decided, int watched, int breaches, int cleared) {}

    /**
     * One check: when this replica gets the lock, syncs the watched objectives and publishes each breach that began or
     * ended; in any case refreshes the gauges. Needs a Vert.x context.
     */
    public Uni<Check> checkOnce() {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> connection
                        .preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                        .execute(Tuple.of(LOCK))
                        .chain(rows -> rows.iterator().next().getBoolean("locked")
                                ? decide(connection, now)
                                : connection.query(TARGETS).execute().map(targets -> {
                                    refreshGauges(targets);
                                    return new Check(false, targets.size(), 0, 0);
                                })))
                .onFailure()
                .invoke(e -> Log.warnf("RPO watch: check failed, retrying (%s)", e.toString()));
    }

    private Uni<Check> decide(SqlConnection connection, Instant now) {
        List<String> clusters = new ArrayList<>(config.clusters().keySet());
        List<String> objectives = clusters.stream().map(config.clusters()::get).toList();
        List<Long> seconds =
                objectives.stream().map(o -> GoDuration.parse(o).toSeconds()).toList();
        List<Day2Event> events = new ArrayList<>();
        return connection
                .preparedQuery("INSERT INTO rpo_watch (cluster, schedule_name, rpo_objective, rpo_seconds,"
                        + " watching_since) SELECT cluster, name, rpo_objective, rpo_seconds, created_at FROM schedule"
                        + " WHERE kind = 'backup' AND rpo_seconds IS NOT NULL AND cluster IS NOT NULL"
                        + " UNION ALL SELECT c, '', o, s, $4 FROM unnest($1::text[], $2::text[], $3::bigint[])"
                        + " AS u(c, o, s) ON CONFLICT (cluster, schedule_name) DO UPDATE SET"
                        + " rpo_objective = EXCLUDED.rpo_objective, rpo_seconds = EXCLUDED.rpo_seconds")
                .execute(Tuple.of(
                        clusters.toArray(new String[0]),
                        objectives.toArray(new String[0]),
                        seconds.toArray(new Long[0]),
                        at(now)))
                .chain(() -> connection
                        .preparedQuery("DELETE FROM rpo_watch w WHERE CASE WHEN w.schedule_name = ''"
                                + " THEN NOT (w.cluster = ANY($1::text[]))"
                                + " ELSE NOT EXISTS (SELECT 1 FROM schedule s WHERE s.name = w.schedule_name"
                                + " AND s.cluster = w.cluster AND s.kind = 'backup' AND s.rpo_seconds IS NOT NULL)"
                                + " END RETURNING w.cluster, w.schedule_name, w.rpo_objective, w.overdue_since")
                        .execute(Tuple.of((Object) clusters.toArray(new String[0]))))
                .chain(removed -> {
                    for (Row row : removed) {
                        if (row.getOffsetDateTime("overdue_since") != null) {
                            events.add(new BackupOverdueCleared(
                                    row.getString("cluster"),
                                    schedule(row),
                                    row.getString("rpo_objective"),
                                    row.getOffsetDateTime("overdue_since").toInstant(),
                                    now,
                                    null,
                                    null,
                                    "the objective was removed (schedule deleted, or its rpoObjective unset)"));
                        }
                    }
                    return connection.query(TARGETS + " FOR UPDATE OF w").execute();
                })
                .chain(rows -> {
                    refreshGauges(rows);
                    List<String> keyClusters = new ArrayList<>();
                    List<String> keySchedules = new ArrayList<>();
                    List<OffsetDateTime> overdueSince = new ArrayList<>();
                    int breaches = 0;
                    int cleared = 0;
                    for (Row row : rows) {
                        Instant success = instant(row.getOffsetDateTime("last_success_data_at"));
                        Instant base = success != null
                                ? success
                                : row.getOffsetDateTime("watching_since").toInstant();
                        Instant deadline = base.plusSeconds(row.getLong("rpo_seconds"));
                        boolean breached = now.isAfter(deadline);
                        Instant open = instant(row.getOffsetDateTime("overdue_since"));
                        if (breached && open == null) {
                            breaches++;
                            keyClusters.add(row.getString("cluster"));
                            keySchedules.add(row.getString("schedule_name"));
                            overdueSince.add(at(deadline));
                            Integer failures = row.getInteger("consecutive_failures");
                            events.add(new BackupOverdue(
                                    row.getString("cluster"),
                                    schedule(row),
                                    row.getString("rpo_objective"),
                                    row.getString("last_success_name"),
                                    success,
                                    deadline,
                                    now,
                                    row.getString("last_backup_name"),
                                    row.getString("last_phase"),
                                    row.getString("last_reason"),
                                    failures));
                            Log.warnf(
                                    "RPO breached: cluster %s%s has had no successful backup since %s (objective %s);"
                                            + " %s",
                                    row.getString("cluster"),
                                    schedule(row) == null ? "" : ", schedule " + schedule(row),
                                    success == null ? "watching began at " + base : base.toString(),
                                    row.getString("rpo_objective"),
                                    row.getString("last_backup_name") == null
                                            ? "no backup has finished"
                                            : "last backup " + row.getString("last_backup_name") + " "
                                                    + row.getString("last_phase"));
                        } else if (!breached && open != null) {
                            cleared++;
                            keyClusters.add(row.getString("cluster"));
                            keySchedules.add(row.getString("schedule_name"));
                            overdueSince.add(null);
                            String backup = row.getString("last_success_name");
                            events.add(new BackupOverdueCleared(
                                    row.getString("cluster"),
                                    schedule(row),
                                    row.getString("rpo_objective"),
                                    open,
                                    now,
                                    backup,
                                    success,
                                    success == null
                                            ? "the objective was raised above the time watched"
                                            : "backup " + backup + " succeeded; the newest successful backup is "
                                                    + GoDuration.format(Duration.between(success, now)
                                                            .withNanos(0))
                                                    + " old, within " + row.getString("rpo_objective")));
                            Log.infof(
                                    "RPO breach ended: cluster %s%s, backup %s",
                                    row.getString("cluster"),
                                    schedule(row) == null ? "" : ", schedule " + schedule(row),
                                    backup);
                        }
                    }
                    Check check = new Check(true, rows.size(), breaches, cleared);
                    if (keyClusters.isEmpty() && events.isEmpty()) {
                        return Uni.createFrom().item(check);
                    }
                    return connection
                            .preparedQuery("UPDATE rpo_watch w SET overdue_since = u.since,"
                                    + " detected_at = CASE WHEN u.since IS NULL THEN NULL ELSE $4::timestamptz END"
                                    + " FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS u(c, s, since)"
                                    + " WHERE w.cluster = u.c AND w.schedule_name = u.s")
                            .execute(Tuple.of(
                                    keyClusters.toArray(new String[0]),
                                    keySchedules.toArray(new String[0]),
                                    overdueSince.toArray(new OffsetDateTime[0]),
                                    at(now)))
                            .chain(() -> outbox.publishAll(connection, events))
                            .replaceWith(check);
                });
    }

    /** Brings the gauges in line with the watched objectives: new ones registered, gone ones removed. */
    private void refreshGauges(RowSet<Row> rows) {
        Set<List<String>> seen = new HashSet<>();
        for (Row row : rows) {
            List<String> key = List.of(row.getString("cluster"), row.getString("schedule_name"));
            seen.add(key);
            Instant success = instant(row.getOffsetDateTime("last_success_data_at"));
            Instant base = success != null
                    ? success
                    : row.getOffsetDateTime("watching_since").toInstant();
            Target target = targets.computeIfAbsent(key, this::register);
            target.base = base;
            target.objectiveSeconds = row.getLong("rpo_seconds");
        }
        targets.keySet().removeIf(key -> {
            if (seen.contains(key)) {
                return false;
            }
            Target gone = targets.get(key);
            meters.remove(gone.age);
            meters.remove(gone.objective);
            return true;
        });
    }

    private Target register(List<String> key) {
        Target target = new Target();
        target.age = Gauge.builder(
                        "day2.backup.age",
                        target,
                        t -> t.base == null ? Double.NaN : (clock.millis() - t.base.toEpochMilli()) / 1000.0)
                .baseUnit("seconds")
                .description("Age of the newest successful backup (or time watched without one), per RPO objective")
                .tags("cluster", key.get(0), "schedule", key.get(1))
                .register(meters);
        target.objective = Gauge.builder("day2.backup.rpo.objective", target, t -> t.objectiveSeconds)
                .baseUnit("seconds")
                .description("The recovery point objective the age is compared with")
                .tags("cluster", key.get(0), "schedule", key.get(1))
                .register(meters);
        return target;
    }

    /** One watched objective's gauge state. */
    private static final class Target {
        volatile Instant base;
        volatile double objectiveSeconds;
        Gauge age;
        Gauge objective;
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
