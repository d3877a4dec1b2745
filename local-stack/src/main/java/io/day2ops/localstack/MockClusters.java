package io.day2ops.localstack;

import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Two clusters for tests that only need an API server to answer or not: "primary" answers {@code /version} with
 * v1.30.4 (fabric8's mock server), "unreachable" is a URL where nothing listens. The sandbox clusters that behave
 * like real ones are a separate piece of the local tooling.
 */
public class MockClusters implements QuarkusTestResourceLifecycleManager {

    private KubernetesMockServer server;

    @Override
    public Map<String, String> start() {
        server = new KubernetesMockServer(false);
        server.setVersionInfo(new VersionInfo.Builder()
                .withMajor("1")
                .withMinor("30")
                .withGitVersion("v1.30.4")
                .build());
        server.start();
        return Map.of(
                "day2.clusters.primary.url",
                server.url("/"),
                "day2.clusters.unreachable.url",
                "http://127.0.0.1:" + freePort(),
                "day2.clusters.unreachable.request-timeout",
                "2s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
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
