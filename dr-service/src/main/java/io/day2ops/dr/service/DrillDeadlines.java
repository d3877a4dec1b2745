package io.day2ops.dr.service;

import io.day2ops.dr.config.DrConfig;
import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.domain.DrillTimeline;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.GoDuration;
import io.day2ops.foundation.runtime.PollingLoop;
import io.day2ops.foundation.runtime.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A drill never hangs: one still waiting for backup-service's answer ({@code Restoring}) when its deadline passes
 * completes as failed, saying what it waited for. (Verification enforces the deadline itself.)
 */
@ApplicationScoped
public class DrillDeadlines {

    private final DrillRepository drills;
    private final DrillCompletion completion;
    private final Clock clock;
    private final Vertx vertx;
    private final DrConfig.Drill config;
    private PollingLoop loop;

    public DrillDeadlines(
            DrillRepository drills, DrillCompletion completion, Clock clock, Vertx vertx, DrConfig config) {
        this.drills = drills;
        this.completion = completion;
        this.clock = clock;
        this.vertx = vertx;
        this.config = config.drill();
    }

    void start(@Observes StartupEvent event) {
        loop = new PollingLoop(
                "drill deadlines",
                vertx,
                config.deadlineCheck(),
                () -> VertxContexts.onSafeContext(vertx, this::expireOnce).map(expired -> false));
        loop.start();
    }

    @PreDestroy
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    /** Completes every drill past its deadline while waiting on its restore; returns how many. */
    public Uni<Integer> expireOnce() {
        return Panache.withTransaction(() -> drills.find(
                        "phase in ?1 and deadlineAt < ?2",
                        List.of(DrillPhase.Draining, DrillPhase.Restoring),
                        clock.instant())
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .page(0, 50)
                .list()
                .chain(expired -> expire(expired)));
    }

    private Uni<Integer> expire(List<Drill> expired) {
        if (expired.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Drill drill : expired) {
            DrillTimeline timeline = DrillTimeline.restore(drill.timeline, clock);
            String waited = GoDuration.format(
                    Duration.between(drill.startedAt, clock.instant()).withNanos(0));
            boolean draining = drill.phase == DrillPhase.Draining;
            timeline.check(
                    draining ? "source-drain" : "restore",
                    false,
                    draining
                            ? "no DrainCompleted for " + drill.restoreName + " within the drill's timeout (waited "
                                    + waited + "): is upgrade-service running and does it know cluster '"
                                    + drill.cluster + "'?"
                            : "no RestoreCompleted for " + drill.restoreName + " within the drill's timeout (waited "
                                    + waited + "): is backup-service running and does it know cluster '"
                                    + drill.targetCluster + "'?");
            chain = chain.chain(() -> completion.complete(drill, timeline, null, null));
        }
        return chain.replaceWith(expired.size());
    }
}
