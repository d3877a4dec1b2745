package io.day2ops.scheduler.service;

import io.day2ops.events.Day2Event;
import io.day2ops.events.GoDuration;
import io.day2ops.events.Names;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.PollingLoop;
import io.day2ops.scheduler.config.SchedulerConfig;
import io.day2ops.scheduler.domain.RpoTarget;
import io.day2ops.scheduler.domain.RpoVerdict;
import io.day2ops.scheduler.repository.RpoWatchRepository;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches recovery point objectives: each backup schedule's ({@code rpoObjective}) and each cluster-wide one from
 * {@code day2.scheduler.rpo.clusters}. Every check interval, each objective is judged ({@link RpoVerdict}); a breach
 * publishes {@code BackupOverdue} once and its end {@code BackupOverdueCleared} once — the state change and the event
 * commit in one transaction, and one replica at a time decides (a PostgreSQL advisory lock), so N replicas announce
 * each breach once. Every replica exports the age and the objective as gauges ({@code day2_backup_age_seconds},
 * {@code day2_backup_rpo_objective_seconds}).
 */
@ApplicationScoped
public class RpoWatch {

    private final RpoWatchRepository watched;
    private final EventOutbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;
    private final io.vertx.core.Vertx vertx;
    private final SchedulerConfig.Rpo config;
    private final Map<String, Map.Entry<String, Long>> clusterObjectives = new LinkedHashMap<>();
    private final Map<List<String>, Target> targets = new ConcurrentHashMap<>();
    private PollingLoop loop;

    public RpoWatch(
            RpoWatchRepository watched,
            EventOutbox outbox,
            Clock clock,
            MeterRegistry meters,
            Vertx vertx,
            SchedulerConfig config) {
        this.watched = watched;
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
                clusterObjectives.put(
                        cluster,
                        Map.entry(objective, GoDuration.parse(objective).toSeconds()));
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
        return Panache.withTransaction(() -> watched.tryLock()
                        .chain(locked -> locked
                                ? decide(now)
                                : watched.targets(false).map(found -> {
                                    refreshGauges(found, now);
                                    return new Check(false, found.size(), 0, 0);
                                })))
                .onFailure()
                .invoke(e -> Log.warnf("RPO watch: check failed, retrying (%s)", e.toString()));
    }

    private Uni<Check> decide(Instant now) {
        List<Day2Event> events = new ArrayList<>();
        return watched.sync(clusterObjectives, now)
                .invoke(removed -> removed.stream()
                        .filter(gone -> gone.overdueSince() != null)
                        .forEach(gone -> events.add(RpoVerdict.removed(
                                gone.cluster(), gone.schedule(), gone.objective(), gone.overdueSince(), now))))
                .chain(() -> watched.targets(true))
                .chain(found -> {
                    refreshGauges(found, now);
                    List<RpoVerdict> changed = new ArrayList<>();
                    int breaches = 0;
                    int cleared = 0;
                    for (RpoTarget target : found) {
                        RpoVerdict verdict = RpoVerdict.of(target, now);
                        switch (verdict.transition()) {
                            case BREACH_BEGINS -> {
                                breaches++;
                                changed.add(verdict);
                                events.add(verdict.overdue());
                                logBreach(verdict);
                            }
                            case BREACH_ENDS -> {
                                cleared++;
                                changed.add(verdict);
                                events.add(verdict.cleared());
                                Log.infof(
                                        "RPO breach ended: cluster %s%s, backup %s",
                                        target.cluster(),
                                        target.schedule() == null ? "" : ", schedule " + target.schedule(),
                                        target.lastSuccessName());
                            }
                            case NONE -> {}
                        }
                    }
                    Check check = new Check(true, found.size(), breaches, cleared);
                    return watched.recordTransitions(changed, now)
                            .chain(() -> outbox.publishAll(events))
                            .replaceWith(check);
                });
    }

    private static void logBreach(RpoVerdict verdict) {
        RpoTarget target = verdict.target();
        Log.warnf(
                "RPO breached: cluster %s%s has had no successful backup since %s (objective %s); %s",
                target.cluster(),
                target.schedule() == null ? "" : ", schedule " + target.schedule(),
                target.lastSuccessDataAt() == null
                        ? "watching began at " + verdict.base()
                        : verdict.base().toString(),
                target.objective(),
                target.lastBackupName() == null
                        ? "no backup has finished"
                        : "last backup " + target.lastBackupName() + " " + target.lastPhase());
    }

    /** Brings the gauges in line with the watched objectives: new ones registered, gone ones removed. */
    private void refreshGauges(List<RpoTarget> found, Instant now) {
        Set<List<String>> seen = new HashSet<>();
        for (RpoTarget watchedTarget : found) {
            List<String> key =
                    List.of(watchedTarget.cluster(), watchedTarget.schedule() == null ? "" : watchedTarget.schedule());
            seen.add(key);
            Target target = targets.computeIfAbsent(key, this::register);
            target.base = RpoVerdict.of(watchedTarget, now).base();
            target.objectiveSeconds = watchedTarget.objectiveSeconds();
            target.lastSuccess = seconds(watchedTarget.lastSuccessDataAt());
            target.lastAttempt = seconds(watchedTarget.lastOutcomeAt());
            target.failures = watchedTarget.consecutiveFailures() == null ? 0 : watchedTarget.consecutiveFailures();
        }
        targets.keySet().removeIf(key -> {
            if (seen.contains(key)) {
                return false;
            }
            Target gone = targets.get(key);
            List.of(gone.age, gone.objective, gone.lastSuccessGauge, gone.lastAttemptGauge, gone.failuresGauge)
                    .forEach(meters::remove);
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
        target.lastSuccessGauge = Gauge.builder("day2.backup.last.success.timestamp", target, t -> t.lastSuccess)
                .baseUnit("seconds")
                .description("Data timestamp (Unix seconds) of the newest successful backup; NaN before the first")
                .tags("cluster", key.get(0), "schedule", key.get(1))
                .register(meters);
        target.lastAttemptGauge = Gauge.builder("day2.backup.last.attempt.timestamp", target, t -> t.lastAttempt)
                .baseUnit("seconds")
                .description("When (Unix seconds) the newest backup to finish finished, successful or not")
                .tags("cluster", key.get(0), "schedule", key.get(1))
                .register(meters);
        target.failuresGauge = Gauge.builder("day2.backup.consecutive.failures", target, t -> t.failures)
                .description("Backups failed in a row since the last success (0 when the newest succeeded)")
                .tags("cluster", key.get(0), "schedule", key.get(1))
                .register(meters);
        return target;
    }

    private static double seconds(Instant instant) {
        return instant == null ? Double.NaN : instant.toEpochMilli() / 1000.0;
    }

    /** One watched objective's gauge state. */
    private static final class Target {
        volatile Instant base;
        volatile double objectiveSeconds;
        volatile double lastSuccess = Double.NaN;
        volatile double lastAttempt = Double.NaN;
        volatile double failures;
        Gauge age;
        Gauge objective;
        Gauge lastSuccessGauge;
        Gauge lastAttemptGauge;
        Gauge failuresGauge;
    }
}
