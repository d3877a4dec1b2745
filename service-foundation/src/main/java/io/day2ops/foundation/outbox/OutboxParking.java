package io.day2ops.foundation.outbox;

import io.day2ops.foundation.rest.NotFoundProblem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The outbox as an operator sees it ({@link OutboxResource}): rows waiting to be sent, the oldest one's age, and every
 * parked row with the reason and how many later rows of its key wait behind it; a parked row can be sent again (after
 * the broker's limit was raised, say) or discarded so its key's later rows go on (the row stays, marked). The gauges
 * {@code day2_outbox_pending}, {@code day2_outbox_oldest_pending_age_seconds} and {@code day2_outbox_parked} are read
 * from the table every 15 s.
 */
@jakarta.enterprise.context.ApplicationScoped
public class OutboxParking {

    private static final Logger LOG = Logger.getLogger(OutboxParking.class);

    /** One parked row. */
    public record Parked(
            long seq,
            String eventId,
            String topic,
            String key,
            String type,
            Instant createdAt,
            Instant parkedAt,
            int attempts,
            String reason,
            long waitingBehind) {}

    /** The state of the outbox. */
    public record State(long pending, Double oldestPendingAgeSeconds, List<Parked> parked) {}

    private final Pool pool;
    private final Vertx vertx;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private long timer = -1;

    public OutboxParking(Pool pool, Vertx vertx, MeterRegistry meters) {
        this.pool = pool;
        this.vertx = vertx;
        Gauge.builder("day2.outbox.pending", pending, AtomicLong::get)
                .description("outbox rows not yet acknowledged by Kafka (parked ones included)")
                .register(meters);
        Gauge.builder("day2.outbox.oldest.pending.age.seconds", oldestMillis, m -> m.get() / 1000.0)
                .description("age of the oldest outbox row not yet sent; grows while delivery is stuck")
                .register(meters);
        Gauge.builder("day2.outbox.parked", parked, AtomicLong::get)
                .description("outbox rows the broker will not take, parked until an operator retries or discards them")
                .register(meters);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(1_000, 15_000, ignored -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** What waits, and what is parked. */
    public Uni<State> state() {
        Uni<Row> totals = pool.preparedQuery("SELECT count(*) AS pending,"
                        + " extract(epoch FROM now() - min(created_at)) AS oldest"
                        + " FROM outbox_event WHERE sent_at IS NULL")
                .execute()
                .map(rows -> rows.iterator().next());
        Uni<List<Parked>> rows = pool.preparedQuery("SELECT p.seq, p.event_id, p.topic, p.record_key, p.ce_type,"
                        + " p.created_at, p.parked_at, p.attempts, p.last_error, (SELECT count(*) FROM outbox_event l"
                        + " WHERE l.sent_at IS NULL AND l.record_key = p.record_key AND l.seq > p.seq) AS behind"
                        + " FROM outbox_event p WHERE p.sent_at IS NULL AND p.parked_at IS NOT NULL ORDER BY p.seq")
                .execute()
                .map(result -> {
                    List<Parked> list = new ArrayList<>();
                    for (Row row : result) {
                        list.add(new Parked(
                                row.getLong("seq"),
                                row.getString("event_id"),
                                row.getString("topic"),
                                row.getString("record_key"),
                                row.getString("ce_type"),
                                instant(row.getOffsetDateTime("created_at")),
                                instant(row.getOffsetDateTime("parked_at")),
                                row.getInteger("attempts"),
                                row.getString("last_error"),
                                row.getLong("behind")));
                    }
                    return list;
                });
        return Uni.combine().all().unis(totals, rows).asTuple().map(both -> {
            Row row = both.getItem1();
            Object oldest = row.getValue("oldest");
            return new State(
                    row.getLong("pending"), oldest == null ? null : ((Number) oldest).doubleValue(), both.getItem2());
        });
    }

    /** Sends parked row {@code seq} again; fails with {@link NotFoundProblem} when no such row is parked. */
    public Uni<Void> retry(long seq, String who) {
        return change(
                seq,
                "UPDATE outbox_event SET parked_at = NULL, next_attempt_at = NULL"
                        + " WHERE seq = $1 AND sent_at IS NULL AND parked_at IS NOT NULL",
                Tuple.of(seq),
                "sent again",
                who);
    }

    /** Gives parked row {@code seq} up, so its key's later rows go on; {@link NotFoundProblem} when not parked. */
    public Uni<Void> discard(long seq, String who) {
        String note = "discarded by " + who + " at " + Instant.now() + "; was parked: ";
        return change(
                seq,
                "UPDATE outbox_event SET sent_at = now(), last_error = $2 || coalesce(last_error, '')"
                        + " WHERE seq = $1 AND sent_at IS NULL AND parked_at IS NOT NULL",
                Tuple.of(seq, note),
                "discarded (never sent; its key's later events go on)",
                who);
    }

    private Uni<Void> change(long seq, String sql, Tuple parameters, String what, String who) {
        return pool.preparedQuery(sql).execute(parameters).map(result -> {
            Void done = null;
            if (result.rowCount() == 0) {
                throw new NotFoundProblem("no parked outbox row " + seq + " (GET /outbox lists them)");
            }
            LOG.warnf("outbox row %d %s by %s", seq, what, who);
            refresh();
            return done;
        });
    }

    private void refresh() {
        pool.preparedQuery("SELECT count(*) AS pending, count(parked_at) AS parked,"
                        + " coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest"
                        + " FROM outbox_event WHERE sent_at IS NULL")
                .execute()
                .subscribe()
                .with(
                        rows -> {
                            Row row = rows.iterator().next();
                            pending.set(row.getLong("pending"));
                            parked.set(row.getLong("parked"));
                            oldestMillis.set((long) (((Number) row.getValue("oldest")).doubleValue() * 1000));
                        },
                        failure -> LOG.debugf("outbox gauges not refreshed: %s", failure));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
