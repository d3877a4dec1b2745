package io.day2ops.scheduler.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.InvalidEventException;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.PollingLoop;
import io.day2ops.scheduler.domain.CronExpression;
import io.day2ops.scheduler.domain.FirePlan;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
import java.util.List;

/**
 * Fires due schedules. One transaction per round: the due rows are locked ({@code FOR UPDATE SKIP LOCKED}, so another
 * replica takes other rows or none), each gets its {@link FirePlan} — one request for the latest missed slot — its
 * {@code next_fire_at} moved on, and the requests go to the outbox, all committed together or not at all. A slot is
 * therefore fired exactly once, whatever the number of replicas, and a crash loses no request. A schedule whose last
 * fired backup has no outcome yet ({@code SnapshotTaken}/{@code BackupFailed}) waits, up to
 * {@link #IN_PROGRESS_TIMEOUT}, then fires once for the latest slot.
 */
@ApplicationScoped
public class ScheduleFirer {

    /** Reads stored templates; one mapper for every row (building one costs far more than reading). */
    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    static final int BATCH = 500;

    /**
     * How long a fired backup without an outcome holds its schedule back. Velero waits for the previous backup of a
     * schedule to finish; a request that was never answered (no backup-service, a lost cluster) must not stop the
     * schedule for good.
     */
    static final Duration IN_PROGRESS_TIMEOUT = Duration.ofHours(6);

    private final Pool pool;
    private final EventOutbox outbox;
    private final EventCodec codec;
    private final Clock clock;
    private final io.vertx.core.Vertx vertx;
    private PollingLoop loop;

    public ScheduleFirer(Pool pool, EventOutbox outbox, EventCodec codec, Clock clock, Vertx vertx) {
        this.pool = pool;
        this.outbox = outbox;
        this.codec = codec;
        this.clock = clock;
        this.vertx = vertx.getDelegate();
    }

    void start(@Observes StartupEvent event) {
        loop = new PollingLoop(
                "schedule firing",
                vertx,
                Duration.ofSeconds(1),
                () -> fireOnce().map(fired -> fired == BATCH));
        loop.start();
    }

    @PreDestroy
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    /** One round: fires up to {@value #BATCH} due schedules; returns how many. Needs a Vert.x context. */
    public Uni<Integer> fireOnce() {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT name, kind, cron, time_zone, template, next_fire_at, created_at FROM schedule s"
                        + " WHERE NOT paused AND next_fire_at <= $1"
                        // Velero's rule: not while the previous backup of the schedule has no outcome yet
                        + " AND (last_fired_name IS NULL OR last_fired_at < $2 OR EXISTS (SELECT 1 FROM"
                        + " backup_outcome o WHERE o.schedule_name = s.name AND o.last_backup_name = s.last_fired_name))"
                        + " ORDER BY next_fire_at LIMIT " + BATCH + " FOR UPDATE OF s SKIP LOCKED")
                .execute(Tuple.of(at(now), at(now.minus(IN_PROGRESS_TIMEOUT))))
                .chain(rows -> {
                    List<String> names = new ArrayList<>();
                    List<OffsetDateTime> next = new ArrayList<>();
                    List<OffsetDateTime> slots = new ArrayList<>();
                    List<String> fired = new ArrayList<>();
                    List<BackupRequested> requests = new ArrayList<>();
                    for (Row row : rows) {
                        String name = row.getString("name");
                        CronExpression cron = CronExpression.parse(row.getString("cron"), row.getString("time_zone"));
                        FirePlan plan = FirePlan.due(
                                cron,
                                row.getOffsetDateTime("next_fire_at").toInstant(),
                                now,
                                row.getOffsetDateTime("created_at").toInstant());
                        String requestName = FirePlan.requestName(name, plan.slot());
                        names.add(name);
                        next.add(at(plan.nextFireAt()));
                        slots.add(at(plan.slot()));
                        fired.add(requestName);
                        if (plan.skipped() > 0) {
                            Log.infof(
                                    "schedule %s: %d slots passed while nothing fired; firing once for %s",
                                    name, plan.skipped(), plan.slot());
                        }
                        BackupRequested request = backupRequest(name, requestName, row.getString("template"));
                        if (request != null) {
                            requests.add(request);
                        }
                    }
                    if (names.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return advance(connection, names, next, slots, fired)
                            .chain(() -> outbox.publishAll(connection, requests))
                            .replaceWith(names.size());
                }));
    }

    private static Uni<Void> advance(
            SqlConnection connection,
            List<String> names,
            List<OffsetDateTime> next,
            List<OffsetDateTime> slots,
            List<String> fired) {
        return connection
                .preparedQuery("UPDATE schedule s SET next_fire_at = u.next, last_fired_at = u.slot,"
                        + " last_fired_name = u.fired"
                        + " FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[])"
                        + " AS u(name, next, slot, fired) WHERE s.name = u.name")
                .execute(Tuple.of(
                        names.toArray(new String[0]),
                        next.toArray(new OffsetDateTime[0]),
                        slots.toArray(new OffsetDateTime[0]),
                        fired.toArray(new String[0])))
                .replaceWithVoid();
    }

    /** The schedule's template made a request; null (logged) when the stored template no longer validates. */
    private BackupRequested backupRequest(String schedule, String requestName, String template) {
        try {
            ObjectNode data = (ObjectNode) JSON.readTree(template);
            data.put("name", requestName);
            data.put("schedule", schedule);
            return codec.parse(EventType.BACKUP_REQUESTED, data.toString());
        } catch (InvalidEventException | java.io.IOException | ClassCastException e) {
            Log.errorf(
                    "schedule %s: its template does not make a valid BackupRequested (%s); slot skipped",
                    schedule, e.getMessage());
            return null;
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
