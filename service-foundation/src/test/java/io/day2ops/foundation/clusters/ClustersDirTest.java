package io.day2ops.foundation.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.sandbox.SandboxCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters from a directory of kubeconfigs laid out as the kubelet mounts a Secret (files are links into {@code
 * ..data}, which is swapped atomically on update): a cluster added, changed or removed in the Secret is used, probed
 * and dropped without a restart, a name with dashes needs no escaping, and a cluster's other settings still come from
 * the configuration. Plain Java: the connection rules need no Quarkus application.
 */
class ClustersDirTest {

    private static SandboxCluster one;
    private static SandboxCluster two;

    @TempDir
    Path secret;

    private int generation;

    @BeforeAll
    static void start() {
        one = SandboxCluster.start("one", 0, 10, "sandbox/common.yaml");
        two = SandboxCluster.start("two", 0, 10, "sandbox/common.yaml");
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
    }

    @Test
    void aClusterAddedChangedAndRemovedInTheSecretIsUsedWithoutARestart() throws Exception {
        ClusterConnections connections = connections(Map.of());
        try {
            assertThat(connections.names()).isEmpty();
            assertThat(connections.unknownClusterMessage("prod-eu"))
                    .contains("its kubeconfig as " + secret.resolve("prod-eu"));

            mount(Map.of("prod-eu", one));
            assertThat(connections.names()).containsExactly("prod-eu").doesNotContain("..data");
            assertThat(connections.isConfigured("prod-eu")).isTrue();
            connections.serverVersion("prod-eu");
            assertThat(one.lastAuthorization()).isEqualTo("Bearer sandbox");
            assertThat(two.lastAuthorization()).as("not yet used").isNull();

            mount(Map.of("prod-eu", two, "staging", one)); // the Secret's kubeconfig now points at the other cluster
            assertThat(connections.names()).containsExactly("prod-eu", "staging");
            connections.serverVersion("prod-eu");
            assertThat(two.lastAuthorization())
                    .as("the changed kubeconfig is used")
                    .isEqualTo("Bearer sandbox");

            mount(Map.of("staging", one));
            assertThat(connections.names()).containsExactly("staging");
            assertThat(connections.client("prod-eu")).isEmpty();
        } finally {
            connections.close();
        }
    }

    @Test
    void theConfigurationStillSetsTheOtherSettingsOfADirectoryCluster() throws Exception {
        mount(Map.of("prod-eu", one));
        ClusterConnections connections = connections(Map.of(
                "day2.clusters.prod-eu.request-timeout", "3s",
                "day2.clusters.prod-eu.etcd.endpoints", "http://127.0.0.1:2379"));
        try {
            assertThat(connections.names()).containsExactly("prod-eu");
            assertThat(connections
                            .client("prod-eu")
                            .orElseThrow()
                            .getConfiguration()
                            .getRequestTimeout())
                    .isEqualTo(3000);
            assertThat(connections.etcd("prod-eu")).isPresent();
        } finally {
            connections.close();
        }
    }

    @Test
    void probesAndGaugesFollowTheSecret() throws Exception {
        ClusterConnections connections = connections(Map.of());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ClusterHealth health = new ClusterHealth(connections, config(Map.of()), meters, Clock.systemUTC());
        try {
            health.start(null);
            mount(Map.of("prod-eu", one));
            health.probeAll();
            assertThat(health.statuses()).singleElement().satisfies(status -> {
                assertThat(status.cluster()).isEqualTo("prod-eu");
                assertThat(status.reachable()).isTrue();
            });
            assertThat(meters.get("day2.cluster.up")
                            .tag("cluster", "prod-eu")
                            .gauge()
                            .value())
                    .isEqualTo(1.0);

            mount(Map.of());
            health.probeAll();
            assertThat(health.statuses()).isEmpty();
            assertThat(meters.find("day2.cluster.up").tag("cluster", "prod-eu").gauge())
                    .as("its gauge is gone")
                    .isNull();
        } finally {
            health.stop();
            connections.close();
        }
    }

    /**
     * Writes the Secret as the kubelet does: a new timestamped folder with every key, {@code ..data} switched to it in
     * one rename, and one link per key into {@code ..data}.
     */
    private void mount(Map<String, SandboxCluster> clusters) throws Exception {
        String folder = "..2026_12_02_" + (++generation);
        Path data = Files.createDirectory(secret.resolve(folder));
        for (Map.Entry<String, SandboxCluster> entry : clusters.entrySet()) {
            entry.getValue().writeKubeconfig(data.resolve(entry.getKey()));
        }
        Path link = secret.resolve("..data_tmp");
        Files.createSymbolicLink(link, Path.of(folder));
        Files.move(link, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (var files = Files.list(secret)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.startsWith("..") && !clusters.containsKey(name)) {
                    Files.delete(file);
                }
            }
        }
        for (String key : clusters.keySet()) {
            Path file = secret.resolve(key);
            if (!Files.isSymbolicLink(file)) {
                Files.createSymbolicLink(file, Path.of("..data", key));
            }
        }
    }

    private ClusterConnections connections(Map<String, String> properties) {
        return new ClusterConnections(config(properties));
    }

    private ClustersConfig config(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("day2.clusters-dir", secret.toString());
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ClustersConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build();
        return config.getConfigMapping(ClustersConfig.class);
    }
}
