package io.day2ops.localstack;

import io.day2ops.localstack.sandbox.SandboxCluster;
import io.day2ops.localstack.sandbox.Sandboxes;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/**
 * The two sandbox clusters for a {@code @QuarkusTest}: "primary" with the module's lab workloads, "standby" empty, and
 * "unreachable", a URL where nothing listens. Tests reach the sandboxes over HTTP like the service does, through
 * {@code day2.clusters.<name>.url}.
 */
public class SandboxClusters implements QuarkusTestResourceLifecycleManager {

    private List<SandboxCluster> clusters;

    @Override
    public Map<String, String> start() {
        clusters = Sandboxes.start(0, 0, 10);
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

    @Override
    public void stop() {
        if (clusters != null) {
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
