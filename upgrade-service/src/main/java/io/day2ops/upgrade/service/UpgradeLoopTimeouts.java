package io.day2ops.upgrade.service;

import io.day2ops.foundation.runtime.VertxContexts;
import io.day2ops.upgrade.config.UpgradeConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every {@code day2.upgrade.loop-check-interval}: upgrades that waited longer than {@code day2.upgrade.loop-timeout}
 * for their pre-upgrade backup or drain end Failed ({@link UpgradeLoop#expire()}), on whichever replica looks first
 * (each runs in a transaction that moves the row, so only one answers).
 */
@ApplicationScoped
public class UpgradeLoopTimeouts {

    private final Vertx vertx;
    private final UpgradeLoop loop;
    private final UpgradeConfig.Upgrade config;
    private long timer = -1;

    public UpgradeLoopTimeouts(Vertx vertx, UpgradeLoop loop, UpgradeConfig config) {
        this.vertx = vertx;
        this.loop = loop;
        this.config = config.upgrade();
    }

    void start(@Observes StartupEvent event) {
        long every = config.loopCheckInterval().toMillis();
        timer = vertx.setPeriodic(
                every,
                every,
                ignored -> VertxContexts.onSafeContext(vertx, () -> Panache.withTransaction(loop::expire))
                        .subscribe()
                        .with(
                                failed -> {
                                    if (failed > 0) {
                                        Log.infof("upgrade loop: %d upgrades timed out waiting (Failed)", failed);
                                    }
                                },
                                failure -> Log.warnf(
                                        "upgrade loop: checking timeouts failed (tried again later): %s", failure)));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
