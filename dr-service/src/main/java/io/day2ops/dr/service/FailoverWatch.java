package io.day2ops.dr.service;

import io.day2ops.dr.config.DrConfig;
import io.day2ops.events.FailoverRequested;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.runtime.PollingLoop;
import io.day2ops.foundation.runtime.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opt-in automatic failover ({@code day2.failover.auto.<cluster>.target}): probes each such cluster's API server; after
 * {@code after-failures} failed probes in a row it publishes {@code FailoverRequested} (automatic) through the outbox —
 * once per {@code cooldown}, decided under a PostgreSQL advisory lock so replicas do not fail over twice. A probe that
 * answers resets the count.
 */
@ApplicationScoped
public class FailoverWatch {

    /** The advisory lock replicas take to decide a failover: "day2fo" in ASCII. */
    static final long LOCK = 0x0000_6461_7932_666FL;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final ClusterConnections clusters;
    private final EventOutbox outbox;
    private final Clock clock;
    private final Vertx vertx;
    private final Map<String, DrConfig.Auto> auto;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();
    private final List<PollingLoop> loops = new ArrayList<>();

    public FailoverWatch(ClusterConnections clusters, EventOutbox outbox, Clock clock, Vertx vertx, DrConfig config) {
        this.clusters = clusters;
        this.outbox = outbox;
        this.clock = clock;
        this.vertx = vertx;
        this.auto = config.failover().auto();
        auto.forEach((cluster, settings) -> {
            if (!clusters.isConfigured(cluster) || !clusters.isConfigured(settings.target())) {
                throw new IllegalArgumentException("day2.failover.auto." + cluster + ": both '" + cluster + "' and its"
                        + " target '" + settings.target() + "' must be configured clusters (day2.clusters.*)");
            }
        });
    }

    void start(@Observes StartupEvent event) {
        auto.forEach((cluster, settings) -> {
            PollingLoop loop = new PollingLoop(
                    "failover probe " + cluster,
                    vertx,
                    settings.probeInterval(),
                    () -> VertxContexts.onSafeContext(vertx, () -> probe(cluster, settings))
                            .replaceWith(false));
            loops.add(loop);
            loop.start();
        });
        if (!auto.isEmpty()) {
            Log.infof("automatic failover armed for %s", auto.keySet());
        }
    }

    @PreDestroy
    void stop() {
        loops.forEach(PollingLoop::stop);
    }

    private Uni<Void> probe(String cluster, DrConfig.Auto settings) {
        return VertxContexts.blocking(() -> clusters.serverVersion(cluster))
                .map(version -> {
                    failures.put(cluster, 0);
                    return true;
                })
                .onFailure()
                .recoverWithItem(e -> {
                    lastError.put(cluster, DrillJob.rootCause(e));
                    int count = failures.merge(cluster, 1, Integer::sum);
                    if (count <= settings.afterFailures()) {
                        Log.warnf(
                                "cluster %s failed its health probe (%d of %d before failover): %s",
                                cluster, count, settings.afterFailures(), lastError.get(cluster));
                    }
                    return false;
                })
                .chain(healthy -> !healthy && failures.get(cluster) >= settings.afterFailures()
                        ? failOver(cluster, settings)
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> failOver(String cluster, DrConfig.Auto settings) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        OffsetDateTime since = now.minus(settings.cooldown());
        String name = "failover-" + cluster + "-" + STAMP.format(clock.instant());
        int probes = failures.get(cluster);
        FailoverRequested request = new FailoverRequested(
                name,
                cluster,
                settings.target(),
                "latest",
                Map.of(),
                true,
                "the API server of cluster '" + cluster + "' failed " + probes + " health probes in a row (every "
                        + settings.probeInterval().toMillis() + " ms): " + lastError.get(cluster));
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> session.createNativeQuery(
                                        "SELECT pg_try_advisory_xact_lock(?1)", Boolean.class)
                                .setParameter(1, LOCK)
                                .getSingleResult()
                                .chain(locked -> !locked
                                        ? Uni.createFrom().item(0)
                                        // the decision is recorded at once: the request is still on its way through
                                        // Kafka
                                        // when the next probe fails, here or on another replica
                                        : session.createNativeQuery("INSERT INTO auto_failover (cluster, failover_name,"
                                                        + " triggered_at) VALUES (?1, ?2, ?3) ON CONFLICT (cluster) DO UPDATE"
                                                        + " SET failover_name = EXCLUDED.failover_name,"
                                                        + " triggered_at = EXCLUDED.triggered_at"
                                                        + " WHERE auto_failover.triggered_at <= ?4")
                                                .setParameter(1, cluster)
                                                .setParameter(2, name)
                                                .setParameter(3, now)
                                                .setParameter(4, since)
                                                .executeUpdate())
                                .chain(decided -> decided == 0
                                        ? Uni.createFrom().voidItem()
                                        : outbox.publish(request)
                                                .invoke(() -> Log.errorf(
                                                        "cluster %s is down after %d failed probes: failing over to %s (%s)",
                                                        cluster, probes, settings.target(), name))
                                                .replaceWithVoid())))
                .onFailure()
                .invoke(e -> Log.warnf("automatic failover of %s could not be decided: %s", cluster, e.toString()));
    }
}
