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
import io.day2ops.scheduler.repository.ScheduleRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
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

    private final ScheduleRepository schedules;
    private final EventOutbox outbox;
    private final EventCodec codec;
    private final Clock clock;
    private final io.vertx.core.Vertx vertx;
    private final SchedulerConfig.Scheduler config;
    private PollingLoop loop;

    public ScheduleFirer(
            ScheduleRepository schedules,
            EventOutbox outbox,
            EventCodec codec,
            Clock clock,
            Vertx vertx,
            SchedulerConfig config) {
        this.schedules = schedules;
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

    /**
     * One round: fires up to {@value #BATCH} due schedules; returns how many moved on. Needs a safe Vert.x context (each
     * round is one Hibernate Reactive transaction on a connection of its own, as on another replica).
     */
    public Uni<Integer> fireOnce() {
        Instant now = clock.instant();
        List<Day2Event> fired = new ArrayList<>();
        return Panache.withTransaction(() -> schedules
                        .claimDue(now, now.minus(config.inProgressTimeout()), BATCH)
                        .chain(due -> {
                            List<ScheduleRepository.Advance> moves = new ArrayList<>();
                            List<Day2Event> requests = new ArrayList<>();
                            for (ScheduleRepository.Due schedule : due) {
                                moves.add(plan(schedule, now, requests));
                            }
                            if (moves.isEmpty()) {
                                return Uni.createFrom().item(0);
                            }
                            fired.addAll(requests);
                            return schedules
                                    .advance(moves)
                                    .chain(() -> outbox.publishAll(requests))
                                    .replaceWith(moves.size());
                        }))
                .invoke(() -> fired.forEach(
                        request -> Log.infof("fired %s %s", request.getClass().getSimpleName(), request.subject())));
    }

    /** Where {@code schedule} goes next; adds the request it fires, if any, to {@code requests}. */
    private ScheduleRepository.Advance plan(ScheduleRepository.Due schedule, Instant now, List<Day2Event> requests) {
        String name = schedule.name();
        CronExpression cron = CronExpression.parse(schedule.cron(), schedule.timeZone());
        FirePlan plan = FirePlan.due(cron, schedule.nextFireAt(), now, schedule.createdAt());
        if (!plan.fires(schedule.catchUp(), config.missedSlotGrace(), now)) {
            Log.infof(
                    "schedule %s: slot %s missed by more than %s and catchUp is off; skipped, next at %s",
                    name, plan.slot(), config.missedSlotGrace(), plan.nextFireAt());
            return new ScheduleRepository.Advance(name, plan.nextFireAt(), null, null);
        }
        if (plan.skipped() > 0) {
            Log.infof(
                    "schedule %s: %d slots passed while nothing fired; firing once for %s",
                    name, plan.skipped(), plan.slot());
        }
        Day2Event request = request(name, schedule.kind(), plan.slot(), schedule.template());
        if (request != null) {
            requests.add(request);
        }
        return new ScheduleRepository.Advance(
                name, plan.nextFireAt(), plan.slot(), request == null ? null : request.subject());
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
}
