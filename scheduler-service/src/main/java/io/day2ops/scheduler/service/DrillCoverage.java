package io.day2ops.scheduler.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.Day2Event;
import io.day2ops.events.DrillCompleted;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.FieldError;
import io.day2ops.events.GoDuration;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.PollingLoop;
import io.day2ops.scheduler.config.SchedulerConfig;
import io.day2ops.scheduler.domain.FirePlan;
import io.day2ops.scheduler.repository.DrillCoverageRepository;
import io.day2ops.scheduler.repository.DrillCoverageRepository.Covered;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proof of recovery for every backup schedule that declares a drill: every check interval (the RPO watch's), one
 * replica at a time (an advisory lock) drills the newest successful backup of each schedule none of whose backups
 * passed a drill within its period — once per period, not again while that drill runs. {@code DrillCompleted} of any
 * drill of a scheduled backup (named {@code <schedule>-<yyyyMMddHHmmss>}, by this service or by hand) records the
 * proof. Every replica exports {@code day2_backup_proven_restorable} (1 when a drill passed within the period) per
 * cluster and schedule, which the {@code Day2BackupNotProvenRestorable} alert watches; {@code GET /coverage} serves the
 * same per schedule.
 */
@ApplicationScoped
public class DrillCoverage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCHEDULED = Pattern.compile("^(.+)-\\d{14}$");

    private final DrillCoverageRepository coverage;
    private final EventOutbox outbox;
    private final EventCodec codec;
    private final Clock clock;
    private final MeterRegistry meters;
    private final io.vertx.core.Vertx vertx;
    private final Duration interval;
    /** Per cluster and schedule: the gauge and the value it reads. */
    private record Proven(Gauge gauge, double[] value) {}

    private final Map<List<String>, Proven> proven = new ConcurrentHashMap<>();
    private PollingLoop loop;

    public DrillCoverage(
            DrillCoverageRepository coverage,
            EventOutbox outbox,
            EventCodec codec,
            Clock clock,
            MeterRegistry meters,
            Vertx vertx,
            SchedulerConfig config) {
        this.coverage = coverage;
        this.outbox = outbox;
        this.codec = codec;
        this.clock = clock;
        this.meters = meters;
        this.vertx = vertx.getDelegate();
        this.interval = config.scheduler().rpo().checkInterval();
    }

    void start(@Observes StartupEvent event) {
        loop = new PollingLoop(
                "drill coverage", vertx, interval, () -> checkOnce().replaceWith(false));
        loop.start();
    }

    @PreDestroy
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    /** The drill's period, or null with the error added. */
    static Duration period(ObjectNode drill, List<FieldError> errors) {
        String text = drill.path("period").asText(null);
        if (text == null) {
            errors.add(new FieldError("drill.period", "required: how often a backup must be proven, e.g. 168h"));
            return null;
        }
        try {
            Duration period = GoDuration.parse(text);
            if (period.isZero() || period.isNegative()) {
                errors.add(new FieldError("drill.period", "must be more than zero"));
                return null;
            }
            return period;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("drill.period", e.getMessage()));
            return null;
        }
    }

    /** The DrillRequested a schedule's drill makes for {@code backup}: its fields, the name and the backup filled in. */
    static ObjectNode request(ObjectNode drill, String schedule, String cluster, String backup, Instant at) {
        ObjectNode data = drill.deepCopy();
        data.remove("period");
        data.put("name", FirePlan.requestName(schedule + "-drill", at));
        data.put("cluster", cluster);
        data.put("backupName", backup);
        data.put("schedule", schedule);
        return data;
    }

    /** One check: drills what is due (when this replica holds the lock) and refreshes the gauges. */
    public Uni<Integer> checkOnce() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> coverage.tryLock()
                        .chain(locked -> coverage.covered(null).chain(all -> {
                            refreshGauges(all, now);
                            return locked
                                    ? drillDue(all, now)
                                    : Uni.createFrom().item(0);
                        })))
                .onFailure()
                .invoke(e -> Log.warnf("drill coverage: check failed, retrying (%s)", e.toString()));
    }

    private Uni<Integer> drillDue(List<Covered> all, Instant now) {
        List<Day2Event> drills = new ArrayList<>();
        Uni<Void> recorded = Uni.createFrom().voidItem();
        for (Covered schedule : all) {
            boolean requestedThisPeriod = schedule.requestedAt() != null
                    && schedule.requestedAt()
                            .plusSeconds(schedule.periodSeconds())
                            .isAfter(now);
            if (schedule.paused()
                    || schedule.lastSuccessName() == null
                    || schedule.proven(now)
                    || requestedThisPeriod) {
                continue;
            }
            try {
                ObjectNode data = request(
                        (ObjectNode) JSON.readTree(schedule.drill()),
                        schedule.schedule(),
                        schedule.cluster(),
                        schedule.lastSuccessName(),
                        now);
                Day2Event drill = codec.parse(EventType.DRILL_REQUESTED, data.toString());
                drills.add(drill);
                Log.infof(
                        "drill coverage: schedule %s of cluster %s has no backup proven restorable within %s;"
                                + " drilling its newest, %s (%s)",
                        schedule.schedule(),
                        schedule.cluster(),
                        Duration.ofSeconds(schedule.periodSeconds()),
                        schedule.lastSuccessName(),
                        drill.subject());
                recorded = recorded.chain(
                        () -> coverage.requested(schedule.cluster(), schedule.schedule(), drill.subject(), now));
            } catch (Exception e) {
                Log.errorf(
                        "drill coverage: schedule %s: its drill does not make a valid DrillRequested (%s); skipped",
                        schedule.schedule(), e.getMessage());
            }
        }
        return recorded.chain(() -> outbox.publishAll(drills)).replaceWith(drills.size());
    }

    /** {@code DrillCompleted}, in the consumer's transaction: a drill of a scheduled backup is its schedule's proof. */
    public Uni<Void> drilled(CloudEvent<DrillCompleted> event) {
        DrillCompleted data = event.data();
        Matcher scheduled = data.backupName() == null ? null : SCHEDULED.matcher(data.backupName());
        if (scheduled == null || !scheduled.matches()) {
            return Uni.createFrom().voidItem();
        }
        return coverage.drilled(
                data.cluster(), scheduled.group(1), data.name(), data.backupName(), data.passed(), data.completedAt());
    }

    /** Brings the gauges in line with the schedules that declare a drill: new ones registered, gone ones removed. */
    private void refreshGauges(List<Covered> all, Instant now) {
        java.util.Set<List<String>> seen = new java.util.HashSet<>();
        for (Covered schedule : all) {
            List<String> key = List.of(schedule.cluster(), schedule.schedule());
            seen.add(key);
            Proven gauge = proven.computeIfAbsent(key, k -> {
                double[] holder = new double[1];
                Gauge registered = Gauge.builder("day2.backup.proven.restorable", holder, h -> h[0])
                        .description("1 when a drill of one of the schedule's backups passed within its drill period")
                        .tags("cluster", k.get(0), "schedule", k.get(1))
                        .register(meters);
                return new Proven(registered, holder);
            });
            gauge.value()[0] = schedule.proven(now) ? 1 : 0;
        }
        proven.keySet().removeIf(key -> {
            if (seen.contains(key)) {
                return false;
            }
            meters.remove(proven.get(key).gauge()); // a deleted schedule, or one whose drill was removed
            return true;
        });
    }
}
