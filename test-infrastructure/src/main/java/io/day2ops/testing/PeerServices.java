package io.day2ops.testing;

import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.sandbox.Sandboxes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For a service that works with the others over the bus (dr-service's drills): the two sandbox clusters, a real etcd
 * as the primary's, and the real backup-service and upgrade-service — their packaged jars, each run as its own process
 * on the test's broker with a database of its own. The Maven reactor packages them before the modules after them run
 * their tests ({@code ./mvnw verify}); run alone, a module needs {@code ./mvnw -pl backup-service,upgrade-service -am
 * package -DskipTests} first. Their consumers use groups of their own and start at the end of the topics, so history on
 * a shared broker (earlier modules' tests) is not replayed into them. Gives the service under test
 * {@code day2.clusters.primary|standby|unreachable.url}, and {@code test.<service>.url} and {@code test.<service>.log} (its output) for each peer.
 */
public class PeerServices implements QuarkusTestResourceLifecycleManager {

    /** Each peer: its module, and the channels it consumes. */
    private static final Map<String, List<String>> PEERS = Map.of(
            "backup-service", List.of("backup-requested", "restore-requested"),
            "upgrade-service", List.of("upgrade-requested", "rollout-requested", "drain-requested", "snapshot-taken"));

    /** Every service, for a client of all four (the CLI's tests). */
    public static final Map<String, List<String>> ALL = Map.of(
            "backup-service",
            PEERS.get("backup-service"),
            "upgrade-service",
            PEERS.get("upgrade-service"),
            "dr-service",
            List.of(
                    "drill-requested",
                    "snapshot-taken",
                    "restore-completed",
                    "drain-completed",
                    "failover-requested",
                    "failback-requested"),
            "scheduler-service",
            List.of("snapshot-taken", "backup-failed"));

    private final Map<String, List<String>> wanted;

    /** backup-service and upgrade-service, for dr-service's tests. */
    public PeerServices() {
        this(PEERS);
    }

    /** The services {@code wanted} (module, channels it consumes), e.g. {@link #ALL}. */
    public PeerServices(Map<String, List<String>> wanted) {
        this.wanted = wanted;
    }

    private List<SandboxCluster> clusters;
    private LocalEtcd etcd;
    private final List<ServiceProcess> peers = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        for (String peer : wanted.keySet()) {
            if (!Files.isRegularFile(jar(peer))) {
                throw new IllegalStateException(jar(peer).toAbsolutePath().normalize() + " is missing: " + peer
                        + " is not packaged. ./mvnw -B verify packages it before this module's tests; on its own run"
                        + " ./mvnw -pl " + String.join(",", wanted.keySet()) + " -am package -DskipTests first");
            }
        }
        clusters = Sandboxes.start(0, 0, 10);
        etcd = LocalEtcd.start();
        Map<String, String> config = new HashMap<>(Map.of(
                "day2.clusters.primary.url",
                clusters.get(0).url(),
                "day2.clusters.standby.url",
                clusters.get(1).url(),
                // one real etcd stands for both clusters' etcd: enough to check health and snapshots against
                "day2.clusters.standby.etcd.endpoints",
                etcd.endpoint(),
                "day2.clusters.unreachable.url",
                "http://127.0.0.1:" + freePort(),
                "day2.clusters.unreachable.request-timeout",
                "2s"));
        for (Map.Entry<String, List<String>> peer : wanted.entrySet()) {
            ServiceProcess process = start(peer.getKey(), peer.getValue());
            peers.add(process);
            config.put("test." + peer.getKey() + ".url", process.url());
            config.put("test." + peer.getKey() + ".log", process.logFile().toString());
        }
        peers.forEach(peer -> peer.awaitReady(Duration.ofSeconds(120)));
        return config;
    }

    private ServiceProcess start(String service, List<String> channels) {
        String database = SharedPostgres.freshDatabase("peer" + service.substring(0, service.indexOf('-')));
        Path dir;
        try {
            dir = Files.createTempDirectory("day2-" + service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        if (!service.equals("scheduler-service")) {
            // scheduler-service never calls a Kubernetes API (k8s/ gives it no token and no RBAC): no clusters
            config.put("day2.clusters.primary.url", clusters.get(0).url());
            config.put("day2.clusters.standby.url", clusters.get(1).url());
            config.put("day2.clusters.primary.etcd.endpoints", etcd.endpoint());
        }
        if (service.equals("backup-service")) {
            // encryption is on outside dev and test: a key of this run's own
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            config.put(
                    "day2.backup.encryption-key", java.util.Base64.getEncoder().encodeToString(key));
            config.put(
                    "day2.storage.locations.default.path",
                    dir.resolve("backups").toString());
        }
        for (String channel : channels) {
            config.put("mp.messaging.incoming." + channel + ".group.id", service + "-peer");
            config.put("mp.messaging.incoming." + channel + ".auto.offset.reset", "latest");
        }
        return ServiceProcess.start(service, jar(service), dir, database, config);
    }

    private static Path jar(String service) {
        return Path.of("..", service, "target", "quarkus-app", "quarkus-run.jar");
    }

    /** The primary and standby sandboxes the peers work on (for faults), once started. */
    public List<SandboxCluster> clusters() {
        return clusters;
    }

    @Override
    public void stop() {
        peers.forEach(ServiceProcess::close);
        if (clusters != null) {
            clusters.forEach(SandboxCluster::close);
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
