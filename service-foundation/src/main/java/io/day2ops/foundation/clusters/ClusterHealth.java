package io.day2ops.foundation.clusters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Cluster health as data, never as this service's readiness: every configured cluster's API server is asked for its
 * version every {@code day2.cluster-probe-interval} (30 s), in the background; the answer (reachable, version, last
 * seen, latency, why not) is what {@code GET /clusters} shows and what the gauges {@code day2_cluster_up} and
 * {@code day2_cluster_probe_latency_seconds} export, per cluster. A lost cluster makes its own operations fail with
 * their reason; the service stays Ready and every other cluster keeps working.
 */
@ApplicationScoped
public class ClusterHealth {

    /**
     * What is known of one cluster.
     *
     * @param cluster its logical name
     * @param reachable whether the last probe got an answer; null before the first probe
     * @param version the API server's version from the last answer
     * @param lastSeen when it last answered; null when never
     * @param latencyMillis how long the last answer took
     * @param error why the last probe failed; null when it did not
     * @param checkedAt when it was last probed; null before the first probe
     */
    public record Status(
            String cluster,
            Boolean reachable,
            String version,
            Instant lastSeen,
            Long latencyMillis,
            String error,
            Instant checkedAt) {}

    /** A named logger (not {@code Log}): discovery is tested outside a Quarkus application too. */
    private static final Logger LOG = Logger.getLogger(ClusterHealth.class);

    private final ClusterConnections connections;
    private final Duration interval;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;
    private ExecutorService probes;

    public ClusterHealth(ClusterConnections connections, ClustersConfig config, MeterRegistry meters, Clock clock) {
        this.connections = connections;
        this.interval = config.clusterProbeInterval();
        this.meters = meters;
        this.clock = clock;
    }

    void start(@Observes StartupEvent start) {
        if (connections.names().isEmpty() && !connections.discovers()) {
            return;
        }
        probes = Executors.newFixedThreadPool(8, daemon("cluster-probe"));
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("cluster-probe-ticker"));
        ticker.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Gauges for a cluster seen for the first time; a cluster no longer configured loses its gauges and status. The
     * names are read under the lock: a round that read them before a change (the ticker's, beside a caller's) must not
     * remove what a later round just added (ClustersDirTest lost a gauge to that race in CI).
     */
    private synchronized Set<String> track() {
        Set<String> names = connections.names();
        for (String cluster : names) {
            if (statuses.putIfAbsent(cluster, new Status(cluster, null, null, null, null, null, null)) == null) {
                Gauge.builder("day2.cluster.up", statuses, s -> up(s.get(cluster)))
                        .tag("cluster", cluster)
                        .description("1 when the cluster's API server answered the last probe, 0 when it did not")
                        .register(meters);
                Gauge.builder("day2.cluster.probe.latency.seconds", statuses, s -> latency(s.get(cluster)))
                        .tag("cluster", cluster)
                        .description("how long the last answered probe of the cluster's API server took")
                        .register(meters);
            }
        }
        for (String gone : new java.util.ArrayList<>(statuses.keySet())) {
            if (!names.contains(gone)) {
                statuses.remove(gone);
                meters.find("day2.cluster.up").tag("cluster", gone).meters().forEach(meters::remove);
                meters.find("day2.cluster.probe.latency.seconds")
                        .tag("cluster", gone)
                        .meters()
                        .forEach(meters::remove);
                LOG.infof("cluster %s is no longer configured; it is not probed any more", gone);
            }
        }
        return names;
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            probes.shutdownNow();
        }
    }

    /** What is known of every configured cluster, by name. */
    public List<Status> statuses() {
        return connections.names().stream()
                .sorted()
                .map(name -> statuses.getOrDefault(name, new Status(name, null, null, null, null, null, null)))
                .toList();
    }

    /** Probes every cluster now, in parallel, and waits for the answers (at most one request timeout each). */
    public void probeAll() {
        try {
            Set<String> names = track();
            CompletableFuture.allOf(names.stream()
                            .map(name -> CompletableFuture.runAsync(() -> probe(name), probes))
                            .toArray(CompletableFuture[]::new))
                    .join();
        } catch (RuntimeException e) {
            LOG.debugf(e, "cluster probe round failed");
        }
    }

    private void probe(String cluster) {
        Instant started = clock.instant();
        long start = System.nanoTime();
        Status previous = statuses.get(cluster);
        try {
            String version = connections.serverVersion(cluster);
            long millis = (System.nanoTime() - start) / 1_000_000;
            statuses.put(cluster, new Status(cluster, true, version, clock.instant(), millis, null, started));
            if (previous != null && Boolean.FALSE.equals(previous.reachable())) {
                LOG.infof("cluster %s answers again (%s, %d ms)", cluster, version, millis);
            }
        } catch (RuntimeException e) {
            String why = rootMessage(e);
            statuses.put(
                    cluster,
                    new Status(
                            cluster,
                            false,
                            previous == null ? null : previous.version(),
                            previous == null ? null : previous.lastSeen(),
                            previous == null ? null : previous.latencyMillis(),
                            why,
                            started));
            if (previous == null || !Boolean.FALSE.equals(previous.reachable())) {
                LOG.warnf("cluster %s does not answer: %s (its own operations fail until it does)", cluster, why);
            }
        }
    }

    private static double up(Status status) {
        return status != null && Boolean.TRUE.equals(status.reachable()) ? 1 : 0;
    }

    private static double latency(Status status) {
        return status == null || status.latencyMillis() == null ? Double.NaN : status.latencyMillis() / 1000.0;
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause == e || message == null
                ? cause.getClass().getSimpleName() + (message == null ? "" : ": " + message)
                : e.getMessage() + " (" + cause.getClass().getSimpleName() + ": " + message + ")";
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
