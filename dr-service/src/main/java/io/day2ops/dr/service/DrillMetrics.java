package io.day2ops.dr.service;

import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillKind;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.foundation.runtime.PollingLoop;
import io.day2ops.foundation.runtime.VertxContexts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last completed drill per source cluster as Prometheus gauges, which the PrometheusRule alerts on:
 * {@code day2_drill_last_passed}, {@code day2_drill_rto_seconds}, {@code day2_drill_rto_objective_seconds},
 * {@code day2_drill_rpo_seconds}, {@code day2_drill_rpo_objective_seconds}, and when it ran and when one last passed,
 * {@code day2_drill_last_run_timestamp_seconds} and {@code day2_drill_last_passed_timestamp_seconds} (label
 * {@code cluster}), so drills that stopped running are told from drills that pass. Loaded from the database every 30 s,
 * updated as drills complete.
 */
@ApplicationScoped
public class DrillMetrics {

    private final MeterRegistry meters;
    private final DrillRepository drills;
    private final Vertx vertx;
    private final Map<String, Last> byCluster = new ConcurrentHashMap<>();

    public DrillMetrics(MeterRegistry meters, DrillRepository drills, Vertx vertx) {
        this.meters = meters;
        this.drills = drills;
        this.vertx = vertx;
    }

    /** The figures of a cluster's last drill; NaN where it measured nothing. */
    private static final class Last {
        volatile double passed = Double.NaN;
        volatile double rto = Double.NaN;
        volatile double rtoObjective = Double.NaN;
        volatile double rpo = Double.NaN;
        volatile double rpoObjective = Double.NaN;
        volatile double lastRun = Double.NaN;
        volatile double lastPassedAt = Double.NaN;
    }

    private PollingLoop loop;

    /** Every replica reloads the last drills: the one that completed a drill is not the only one scraped. */
    void start(@Observes StartupEvent event) {
        for (String kind : List.of("drill", "failover")) {
            for (String outcome : List.of("passed", "failed")) {
                drills(kind, outcome); // at 0, so that increase() sees the first one
            }
        }
        loop = new PollingLoop("drill metrics", vertx, Duration.ofSeconds(30), () -> load().replaceWith(false));
        loop.start();
    }

    @PreDestroy
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    Uni<Void> load() {
        return VertxContexts.onSafeContext(
                        vertx,
                        () -> Panache.withSession(() -> drills.find(
                                        "kind = ?1 and completedAt is not null and id in (select max(d.id) from Drill d"
                                                + " where d.kind = ?1 and d.completedAt is not null group by d.cluster)",
                                        DrillKind.DRILL)
                                .list()))
                .invoke((List<Drill> last) -> last.forEach(this::record))
                .chain(ignored -> VertxContexts.onSafeContext(
                        vertx,
                        () -> Panache.withSession(() -> drills.find(
                                        "kind = ?1 and passed = true and id in (select max(d.id) from Drill d"
                                                + " where d.kind = ?1 and d.passed = true group by d.cluster)",
                                        DrillKind.DRILL)
                                .list())))
                .invoke((List<Drill> passed) -> passed.forEach(this::record))
                .onFailure()
                .invoke(failure -> Log.warnf("drill metrics: the last drills could not be loaded: %s", failure))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Counts a drill or failover that just ended ({@code day2_drills_total{kind,outcome}}, {@code outcome} passed or
     * failed) and times it from its start ({@code day2_drill_duration_seconds}).
     */
    public void counted(String kind, boolean passed, Duration took) {
        String outcome = passed ? "passed" : "failed";
        drills(kind, outcome).increment();
        io.micrometer.core.instrument.Timer.builder("day2.drill.duration")
                .description("a drill's or failover's time from its start to its verdict")
                .tags("kind", kind, "outcome", outcome)
                .serviceLevelObjectives(
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(30),
                        Duration.ofHours(1),
                        Duration.ofHours(3))
                .register(meters)
                .record(took.isNegative() ? Duration.ZERO : took);
    }

    private io.micrometer.core.instrument.Counter drills(String kind, String outcome) {
        return io.micrometer.core.instrument.Counter.builder("day2.drills")
                .description("drills and failovers ended, by outcome")
                .tags("kind", kind, "outcome", outcome)
                .register(meters);
    }

    /**
     * Updates the gauges of the drill's source cluster. Drills are recorded in the order they completed; an older one
     * (as loaded) only moves the last-passed timestamp forward.
     */
    public void record(Drill drill) {
        Last last = byCluster.computeIfAbsent(drill.cluster, this::register);
        double completed = drill.completedAt == null ? Double.NaN : drill.completedAt.toEpochMilli() / 1000.0;
        if (Boolean.TRUE.equals(drill.passed) && !(completed <= last.lastPassedAt)) {
            last.lastPassedAt = completed;
        }
        if (completed < last.lastRun) {
            return; // an older drill than the one shown
        }
        last.lastRun = completed;
        last.passed = Boolean.TRUE.equals(drill.passed) ? 1 : 0;
        last.rto = seconds(drill.rtoMeasuredMillis);
        last.rtoObjective = seconds(drill.rtoObjectiveMillis);
        last.rpo = seconds(drill.rpoMeasuredMillis);
        last.rpoObjective = seconds(drill.rpoObjectiveMillis);
    }

    private Last register(String cluster) {
        Last last = new Last();
        Gauge.builder("day2.drill.last.passed", last, l -> l.passed)
                .description("1 when the last drill restoring this cluster's backup passed, 0 when it failed")
                .tag("cluster", cluster)
                .register(meters);
        Gauge.builder("day2.drill.rto", last, l -> l.rto)
                .baseUnit("seconds")
                .description("RTO measured by the last drill: start to the last verification passed")
                .tag("cluster", cluster)
                .register(meters);
        Gauge.builder("day2.drill.rto.objective", last, l -> l.rtoObjective)
                .baseUnit("seconds")
                .description("The RTO objective of the last drill")
                .tag("cluster", cluster)
                .register(meters);
        Gauge.builder("day2.drill.rpo", last, l -> l.rpo)
                .baseUnit("seconds")
                .description("RPO measured by the last drill: start minus the backup's data timestamp")
                .tag("cluster", cluster)
                .register(meters);
        Gauge.builder("day2.drill.rpo.objective", last, l -> l.rpoObjective)
                .baseUnit("seconds")
                .description("The RPO objective of the last drill")
                .tag("cluster", cluster)
                .register(meters);
        Gauge.builder("day2.drill.last.run.timestamp", last, l -> l.lastRun)
                .baseUnit("seconds")
                .description("When (Unix seconds) the last drill restoring this cluster's backup completed")
                .tag("cluster", cluster)
                .register(meters);
        Gauge.builder("day2.drill.last.passed.timestamp", last, l -> l.lastPassedAt)
                .baseUnit("seconds")
                .description("When (Unix seconds) the last drill that passed completed; NaN when none passed")
                .tag("cluster", cluster)
                .register(meters);
        return last;
    }

    private static double seconds(Long millis) {
        return millis == null ? Double.NaN : millis / 1000.0;
    }
}
