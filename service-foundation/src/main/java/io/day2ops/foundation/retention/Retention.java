package io.day2ops.foundation.retention;

import io.day2ops.foundation.runtime.FoundationConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps the delivery tables from growing without end: every {@code day2.retention.interval} it deletes, in batches of
 * {@code day2.retention.batch-size}, outbox rows sent (or discarded) longer than {@code day2.retention.period} ago,
 * inbox ids received that long ago, and jobs that ended that long ago. Unsent, parked and running rows are never
 * touched; the services' own catalogs (backups, drills, ...) are not pruned here. Counted in {@code
 * day2_retention_pruned_total{table}}.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    /** Per table: the statement deleting one batch of rows older than {@code $1} seconds, at most {@code $2}. */
    private static final Map<String, String> PRUNE = new LinkedHashMap<>();

    static {
        PRUNE.put(
                "outbox_event",
                "DELETE FROM outbox_event WHERE seq IN (SELECT seq FROM outbox_event WHERE sent_at IS NOT NULL"
                        + " AND sent_at < now() - make_interval(secs => $1) ORDER BY seq LIMIT $2)");
        PRUNE.put(
                "inbox_event",
                "DELETE FROM inbox_event WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM inbox_event"
                        + " WHERE received_at < now() - make_interval(secs => $1) LIMIT $2)");
        PRUNE.put(
                "http_command", // by then its request made the record, which keeps the name taken
                "DELETE FROM http_command WHERE (kind, name) IN (SELECT kind, name FROM http_command"
                        + " WHERE created_at < now() - make_interval(secs => $1) LIMIT $2)");
        PRUNE.put(
                "job",
                "DELETE FROM job WHERE id IN (SELECT id FROM job WHERE phase NOT IN ('New', 'InProgress')"
                        + " AND finished_at < now() - make_interval(secs => $1) ORDER BY id LIMIT $2)");
    }

    private final Pool pool;
    private final Vertx vertx;
    private final FoundationConfig config;
    private final MeterRegistry meters;
    private long timer = -1;

    public Retention(Pool pool, Vertx vertx, FoundationConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(
                60_000,
                config.retention().interval().toMillis(),
                ignored -> pruneOnce()
                        .subscribe()
                        .with(
                                pruned -> {
                                    if (pruned.values().stream().anyMatch(n -> n > 0)) {
                                        LOG.infof("retention: pruned %s", pruned);
                                    }
                                },
                                failure -> LOG.warnf("retention: pruning failed (tried again later): %s", failure)));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Prunes every table, batch after batch until one comes back short; the rows deleted, by table. */
    public Uni<Map<String, Long>> pruneOnce() {
        double olderThan = config.retention().period().toMillis() / 1000.0;
        int batch = config.retention().batchSize();
        return Multi.createFrom()
                .iterable(PRUNE.entrySet())
                .onItem()
                .transformToUniAndConcatenate(entry -> prune(entry.getKey(), entry.getValue(), olderThan, batch, 0)
                        .map(count -> Map.entry(entry.getKey(), count)))
                .collect()
                .asMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Uni<Long> prune(String table, String sql, double olderThan, int batch, long sofar) {
        return pool.preparedQuery(sql).execute(Tuple.of(olderThan, batch)).chain(result -> {
            int deleted = result.rowCount();
            if (deleted > 0) {
                meters.counter("day2.retention.pruned", "table", table).increment(deleted);
            }
            return deleted < batch
                    ? Uni.createFrom().item(sofar + deleted)
                    : prune(table, sql, olderThan, batch, sofar + deleted);
        });
    }
}
