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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opt-in automatic failover ({@code day2.failover.auto.<cluster>.target}): each replica probes each such cluster's API
 * server and records what it sees ({@code failover_observation}); when a quorum of observers (by default a majority of
 * the replicas that reported lately) each saw {@code after-failures} failed probes in a row, {@code FailoverRequested}
 * (automatic) is published through the outbox — once per {@code cooldown}, decided under a PostgreSQL advisory lock so
 * replicas do not fail over twice. A failed probe is one that got no answer within {@code probe-timeout}, could not
 * connect, or was answered 5xx; an API server that answers 401/403 (or any other 4xx) is up, and the refusal is logged
 * as the credentials problem it is. A probe that answers resets the count. A replica decides nothing while it settles
 * after its start ({@code settle}, 1m): until its peers have reported, a majority of those it sees may be itself.
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
    private final String observer;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();
    private final Map<String, String> lastQuorumNote = new ConcurrentHashMap<>();
    private final List<PollingLoop> loops = new ArrayList<>();
    private volatile java.time.Instant startedAt;

    public FailoverWatch(
            ClusterConnections clusters,
            EventOutbox outbox,
            Clock clock,
            Vertx vertx,
            DrConfig config,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.clusters = clusters;
        this.outbox = outbox;
        this.clock = clock;
        this.vertx = vertx;
        this.auto = config.failover().auto();
        this.observer = config.failover().observer().orElseGet(FailoverWatch::defaultObserver);
        auto.forEach((cluster, settings) -> {
            if (!clusters.isConfigured(cluster) || !clusters.isConfigured(settings.target())) {
                throw new IllegalArgumentException("day2.failover.auto." + cluster + ": both '" + cluster + "' and its"
                        + " target '" + settings.target() + "' must be configured clusters (day2.clusters.*)");
            }
            io.micrometer.core.instrument.Gauge.builder(
                            "day2.failover.probe.failures", failures, f -> f.getOrDefault(cluster, 0))
                    .description("this replica's failed health probes of an armed cluster in a row (0: it answers)")
                    .tag("cluster", cluster)
                    .register(meters);
            if (settings.quorum().isPresent() && settings.quorum().getAsInt() < 1) {
                throw new IllegalArgumentException("day2.failover.auto." + cluster + ".quorum must be at least 1, not "
                        + settings.quorum().getAsInt());
            }
        });
    }

    /** {@code <hostname>/<pid>}: the pod name in Kubernetes, and distinct for processes sharing a host. */
    static String defaultObserver() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "unknown-host";
            }
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    void start(@Observes StartupEvent event) {
        startedAt = clock.instant();
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
            Log.infof("automatic failover armed for %s; this replica observes as %s", auto.keySet(), observer);
        }
    }

    /** Stops probing before the database pool closes. */
    void stop(@Observes io.quarkus.runtime.ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        loops.forEach(PollingLoop::stop);
    }

    private Uni<Void> probe(String cluster, DrConfig.Auto settings) {
        return VertxContexts.blocking(() -> clusters.serverVersion(cluster))
                .ifNoItem()
                .after(settings.probeTimeout())
                .failWith(() -> new java.util.concurrent.TimeoutException(
                        "no answer within " + settings.probeTimeout().toMillis() + " ms"))
                .map(version -> {
                    failures.put(cluster, 0);
                    return true;
                })
                .onFailure()
                .recoverWithItem(e -> {
                    String down = ProbeFailures.downReason(e);
                    if (down == null) {
                        failures.put(cluster, 0);
                        Log.warnf(
                                "cluster %s answered its health probe with a refusal, so it is up (not counted toward"
                                        + " failover); fix this replica's credentials: %s",
                                cluster, DrillJob.rootCause(e));
                        return true;
                    }
                    lastError.put(cluster, down);
                    int count = failures.merge(cluster, 1, Integer::sum);
                    if (count <= settings.afterFailures()) {
                        Log.warnf(
                                "cluster %s failed its health probe (%d of %d before failover): %s",
                                cluster, count, settings.afterFailures(), down);
                    }
                    return false;
                })
                .chain(healthy -> observe(cluster, settings, healthy))
                .onFailure()
                .invoke(e -> Log.warnf("the probe of %s could not be recorded: %s", cluster, e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Records this replica's view; with enough failures of its own, asks whether a quorum agrees. */
    private Uni<Void> observe(String cluster, DrConfig.Auto settings, boolean healthy) {
        int count = failures.getOrDefault(cluster, 0);
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Uni<Void> recorded = Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> session.createNativeQuery(
                                        "INSERT INTO failover_observation (cluster, observer,"
                                                + " failures, last_error, observed_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (cluster,"
                                                + " observer) DO UPDATE SET failures = EXCLUDED.failures, last_error ="
                                                + " EXCLUDED.last_error, observed_at = EXCLUDED.observed_at")
                                .setParameter(1, cluster)
                                .setParameter(2, observer)
                                .setParameter(3, count)
                                .setParameter(4, healthy ? null : lastError.get(cluster))
                                .setParameter(5, now)
                                .executeUpdate()))
                .replaceWithVoid();
        // a replica that just started cannot know its peers until each has had time to report: it decides nothing
        // while it settles (two replicas started together, the cut-off one faster, must not fire)
        boolean settled = startedAt != null && !clock.instant().isBefore(startedAt.plus(settle(settings)));
        return healthy || count < settings.afterFailures() || !settled
                ? recorded
                : recorded.chain(() -> failOver(cluster, settings));
    }

    /** How long an observer's last probe counts: three probe intervals and one probe's timeout. */
    static Duration staleAfter(DrConfig.Auto settings) {
        return settings.probeInterval().multipliedBy(3).plus(settings.probeTimeout());
    }

    /** How long after its start a replica decides nothing: {@code settle}, and at least {@link #staleAfter}. */
    static Duration settle(DrConfig.Auto settings) {
        Duration stale = staleAfter(settings);
        return settings.settle().compareTo(stale) > 0 ? settings.settle() : stale;
    }

    /** The observers needed: the configured quorum, or a majority of the {@code live} ones. */
    static int needed(DrConfig.Auto settings, long live) {
        return settings.quorum().orElse((int) (live / 2 + 1));
    }

    private Uni<Void> failOver(String cluster, DrConfig.Auto settings) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        OffsetDateTime since = now.minus(settings.cooldown());
        OffsetDateTime liveSince = now.minus(staleAfter(settings));
        String name = "failover-" + cluster + "-" + STAMP.format(clock.instant());
        int probes = failures.get(cluster);
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> session.createNativeQuery(
                                        "SELECT pg_try_advisory_xact_lock(?1)", Boolean.class)
                                .setParameter(1, LOCK)
                                .getSingleResult()
                                .chain(locked -> !locked
                                        ? Uni.createFrom().item((String) null)
                                        : session.createNativeQuery(
                                                        "SELECT count(*) || '|' || coalesce(string_agg(observer, ', '"
                                                                + " ORDER BY observer) FILTER (WHERE failures >= ?3),"
                                                                + " '') || '|' || coalesce(string_agg(observer || ': '"
                                                                + " || coalesce(last_error, 'no answer'), '; ' ORDER BY"
                                                                + " observer) FILTER (WHERE failures >= ?3), '') FROM"
                                                                + " failover_observation WHERE cluster = ?1 AND"
                                                                + " observed_at > ?2",
                                                        String.class)
                                                .setParameter(1, cluster)
                                                .setParameter(2, liveSince)
                                                .setParameter(3, settings.afterFailures())
                                                .getSingleResult())
                                .chain(view -> {
                                    if (view == null) {
                                        return Uni.createFrom().voidItem();
                                    }
                                    // live | the observers that see it down | what each of them saw last
                                    String[] parts = view.split("\\|", 3);
                                    long live = Long.parseLong(parts[0]);
                                    String downText = parts[1];
                                    List<String> down = downText.isEmpty() ? List.of() : List.of(downText.split(", "));
                                    int needed = needed(settings, live);
                                    if (down.size() < needed) {
                                        noteNoQuorum(cluster, down, live, needed);
                                        return Uni.createFrom().voidItem();
                                    }
                                    lastQuorumNote.remove(cluster);
                                    FailoverRequested request = new FailoverRequested(
                                            name,
                                            cluster,
                                            settings.target(),
                                            "latest",
                                            Map.of(),
                                            true,
                                            "the API server of cluster '" + cluster + "' failed " + probes
                                                    + " health probes in a row (every "
                                                    + settings.probeInterval().toMillis() + " ms) as seen by "
                                                    + down.size() + " of " + live + " dr-service replicas (" + downText
                                                    + "; quorum " + needed + "): " + parts[2]);
                                    // the decision is recorded at once: the request is still on its way through
                                    // Kafka when the next probe fails, here or on another replica
                                    return session.createNativeQuery("INSERT INTO auto_failover (cluster,"
                                                    + " failover_name, triggered_at) VALUES (?1, ?2, ?3) ON CONFLICT"
                                                    + " (cluster) DO UPDATE SET failover_name ="
                                                    + " EXCLUDED.failover_name, triggered_at = EXCLUDED.triggered_at"
                                                    + " WHERE auto_failover.triggered_at <= ?4")
                                            .setParameter(1, cluster)
                                            .setParameter(2, name)
                                            .setParameter(3, now)
                                            .setParameter(4, since)
                                            .executeUpdate()
                                            .chain(decided -> decided == 0
                                                    ? Uni.createFrom().voidItem()
                                                    : outbox.publish(request)
                                                            .invoke(() -> Log.errorf(
                                                                    "cluster %s is down after %d failed probes, as %d"
                                                                            + " of %d replicas see it: failing over"
                                                                            + " to %s (%s)",
                                                                    cluster,
                                                                    probes,
                                                                    down.size(),
                                                                    live,
                                                                    settings.target(),
                                                                    name))
                                                            .replaceWithVoid());
                                })))
                .onFailure()
                .invoke(e -> Log.warnf("automatic failover of %s could not be decided: %s", cluster, e.toString()));
    }

    /** Says once per change of view that this replica sees the cluster down but too few others agree. */
    private void noteNoQuorum(String cluster, List<String> down, long live, int needed) {
        String note = down + "/" + live + "/" + needed;
        if (!note.equals(lastQuorumNote.put(cluster, note))) {
            Log.warnf(
                    "cluster %s: down as seen by %d of %d dr-service replicas (%s), quorum %d: not failing over",
                    cluster, down.size(), live, String.join(", ", down), needed);
        }
    }
}
