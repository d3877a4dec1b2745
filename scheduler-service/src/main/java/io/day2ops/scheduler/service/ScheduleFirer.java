package io.day2ops.scheduler.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.events.InvalidEventException;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.PollingLoop;
import io.day2ops.scheduler.config.SchedulerConfig;
import io.day2ops.scheduler.domain.CronExpression;
import io.day2ops.scheduler.domain.FirePlan;
import io.day2ops.scheduler.domain.ScheduleKind;
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
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Fires due schedules. One transaction per round: the due rows are locked ({@code FOR UPDATE SKIP LOCKED}, so another
 * replica takes other rows or none), each gets its {@link FirePlan} — one request for the latest missed slot — its
 * {@code next_fire_at} moved on, and the requests go to the outbox, all committed together or not at all. A slot is
 * therefore fired exactly once, whatever the number of replicas, and a crash loses no request. A backup schedule whose
 * last fired backup has no outcome yet ({@code SnapshotTaken}/{@code BackupFailed}) waits, up to the in-progress
 * timeout, then fires once for the latest slot.
 */
@ApplicationScoped
public class ScheduleFirer {

    /** Reads stored templates; one mapper for every row (building one costs far more than reading). */
    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    static final int BATCH = 500;

    private final Pool pool;
    private final EventOutbox outbox;
    private final EventCodec codec;
    private final Clock clock;
    private final io.vertx.core.Vertx vertx;
    private final SchedulerConfig.Scheduler config;
    private PollingLoop loop;

    public ScheduleFirer(
            Pool pool, EventOutbox outbox, EventCodec codec, Clock clock, Vertx vertx, SchedulerConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.codec = codec;
        this.clock = clock;
        this.vertx = vertx.getDelegate();
        this.config = config.scheduler();
    }

    void start(@Observes StartupEvent event) {
        loop = new PollingLoop(
                "schedule firing", vertx, config.tick(), () -> fireOnce().map(fired -> fired == BATCH));
        loop.start();
    }

    @PreDestroy
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    /** One round: fires up to {@value #BATCH} due schedules; returns how many moved on. Needs a Vert.x context. */
    public Uni<Integer> fireOnce() {
        return fireOnce(pool);
    }

    /** One round on {@code pool}, as a replica with its own connections would. */
    public Uni<Integer> fireOnce(Pool pool) {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT name, kind, cron, time_zone, catch_up, template, next_fire_at, created_at"
                        + " FROM schedule s WHERE NOT paused AND next_fire_at <= $1"
                        // Velero's rule: not while the previous backup of the schedule has no outcome yet
                        + " AND (kind <> 'backup' OR last_fired_name IS NULL OR last_fired_at < $2 OR EXISTS (SELECT 1"
                        + " FROM backup_outcome o WHERE o.schedule_name = s.name"
                        + " AND o.last_backup_name = s.last_fired_name))"
                        + " ORDER BY next_fire_at LIMIT " + BATCH + " FOR UPDATE OF s SKIP LOCKED")
                .execute(Tuple.of(at(now), at(now.minus(config.inProgressTimeout()))))
                .chain(rows -> {
                    List<String> names = new ArrayList<>();
                    List<OffsetDateTime> next = new ArrayList<>();
                    List<OffsetDateTime> slots = new ArrayList<>();
                    List<String> fired = new ArrayList<>();
                    List<Day2Event> requests = new ArrayList<>();
                    for (Row row : rows) {
                        String name = row.getString("name");
                        CronExpression cron = CronExpression.parse(row.getString("cron"), row.getString("time_zone"));
                        FirePlan plan = FirePlan.due(
                                cron,
                                row.getOffsetDateTime("next_fire_at").toInstant(),
                                now,
                                row.getOffsetDateTime("created_at").toInstant());
                        names.add(name);
                        next.add(at(plan.nextFireAt()));
                        if (!plan.fires(row.getBoolean("catch_up"), config.missedSlotGrace(), now)) {
                            Log.infof(
                                    "schedule %s: slot %s missed by more than %s and catchUp is off; skipped,"
                                            + " next at %s",
                                    name, plan.slot(), config.missedSlotGrace(), plan.nextFireAt());
                            slots.add(null);
                            fired.add(null);
                            continue;
                        }
                        if (plan.skipped() > 0) {
                            Log.infof(
                                    "schedule %s: %d slots passed while nothing fired; firing once for %s",
                                    name, plan.skipped(), plan.slot());
                        }
                        Day2Event request =
                                request(name, row.getString("kind"), plan.slot(), row.getString("template"));
                        slots.add(at(plan.slot()));
                        fired.add(request == null ? null : request.subject());
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

    /** Moves each schedule to its next slot; the fired slot and name stay as they were for a slot not fired. */
    private static Uni<Void> advance(
            SqlConnection connection,
            List<String> names,
            List<OffsetDateTime> next,
            List<OffsetDateTime> slots,
            List<String> fired) {
        return connection
                .preparedQuery("UPDATE schedule s SET next_fire_at = u.next,"
                        + " last_fired_at = COALESCE(u.slot, s.last_fired_at),"
                        + " last_fired_name = COALESCE(u.fired, s.last_fired_name)"
                        + " FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[])"
                        + " AS u(name, next, slot, fired) WHERE s.name = u.name")
                .execute(Tuple.of(
                        names.toArray(new String[0]),
                        next.toArray(new OffsetDateTime[0]),
                        slots.toArray(new OffsetDateTime[0]),
                        fired.toArray(new String[0])))
                .replaceWithVoid();
    }

    /** The request the schedule's template makes for {@code slot}; null (logged) when it no longer validates. */
    private Day2Event request(String schedule, String kindId, Instant slot, String template) {
        ScheduleKind kind = ScheduleKind.byId(kindId).orElse(null);
        if (kind == null) {
            Log.errorf("schedule %s: unknown kind '%s'; slot skipped", schedule, kindId);
            return null;
        }
        try {
            ObjectNode data = ScheduleStore.request((ObjectNode) JSON.readTree(template), schedule, slot);
            return codec.parse(kind.fires(), data.toString());
        } catch (InvalidEventException | IOException | ClassCastException e) {
            Log.errorf(
                    "schedule %s: its template does not make a valid %s (%s); slot skipped",
                    schedule, kind.fires().javaType().getSimpleName(), e.getMessage());
            return null;
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
