package io.day2ops.testing;

import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.sandbox.Sandboxes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two sandbox clusters for a {@code @QuarkusTest}: "primary" with the module's lab workloads, "standby" empty, and
 * "unreachable", a URL where nothing listens. Tests reach the sandboxes over HTTP like the service does, through
 * {@code day2.clusters.<name>.url}.
 */
public class SandboxClusters implements QuarkusTestResourceLifecycleManager {

    private List<SandboxCluster> clusters;
    private final Map<String, KubernetesClient> clients = new LinkedHashMap<>();
    /** The running sandboxes by name, for a test that flips one's fault switch (slow answers, errors). */
    private static final Map<String, SandboxCluster> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

    /** The sandbox cluster of that name started for the running tests (its fault switch: {@code faults()}). */
    public static SandboxCluster cluster(String name) {
        SandboxCluster cluster = RUNNING.get(name);
        if (cluster == null) {
            throw new IllegalStateException(
                    "no sandbox cluster '" + name + "' is running; started: " + RUNNING.keySet());
        }
        return cluster;
    }

    @Override
    public Map<String, String> start() {
        clusters = Sandboxes.start(0, 0, 10);
        for (SandboxCluster cluster : clusters) {
            clients.put(cluster.name(), cluster.client());
            RUNNING.put(cluster.name(), cluster);
        }
        return Map.of(
                "day2.clusters.primary.url",
                clusters.get(0).url(),
                "day2.clusters.standby.url",
                clusters.get(1).url(),
                "day2.clusters.unreachable.url",
                "http://127.0.0.1:" + freePort(),
                "day2.clusters.unreachable.request-timeout",
                "2s");
    }

    /** Fills {@link InjectCluster} fields of the test instance with a client of the cluster they name. */
    @Override
    public void inject(TestInjector testInjector) {
        clients.forEach((name, client) -> testInjector.injectIntoFields(
                client, FieldInjection.annotatedWithValue(InjectCluster.class, name, KubernetesClient.class)));
    }

    @Override
    public void stop() {
        if (clusters != null) {
            clusters.forEach(cluster -> RUNNING.remove(cluster.name(), cluster));
            clusters.forEach(SandboxCluster::close);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
