package io.day2ops.foundation.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.sandbox.SandboxCluster;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS to a cluster's API server is verified: a sandbox serving a self-signed certificate (its own CA, as a kubeadm
 * cluster does) is refused without that CA, reached with it (file, inline or kubeconfig), and reached unverified only
 * with the explicit switch. Plain Java: the connection rules need no Quarkus application.
 */
class ClusterTlsTest {

    private static SandboxCluster secured;

    @BeforeAll
    static void start() {
        secured = SandboxCluster.startTls("secured", 10, "sandbox/common.yaml");
    }

    @AfterAll
    static void stop() {
        secured.close();
    }

    @Test
    void aSelfSignedApiServerIsRefusedWithoutItsCa() {
        ClusterConnections connections = connections(Map.of("day2.clusters.secured.url", secured.url()));
        try {
            assertRefusedForItsCertificate(() -> connections.serverVersion("secured"));
        } finally {
            connections.close();
        }
    }

    @Test
    void itIsReachedWithItsCaAsAFileOrInline() throws Exception {
        Path ca = secured.certificateAuthority().orElseThrow();
        String inline = Base64.getEncoder().encodeToString(Files.readAllBytes(ca));
        for (Map<String, String> settings : java.util.List.of(
                Map.of("day2.clusters.secured.ca-file", ca.toString()),
                Map.of("day2.clusters.secured.ca-data", inline))) {
            Map<String, String> config = new HashMap<>(settings);
            config.put("day2.clusters.secured.url", secured.url());
            ClusterConnections connections = connections(config);
            try {
                assertThat(connections.serverVersion("secured")).isEqualTo(SandboxCluster.DEFAULT_VERSION);
            } finally {
                connections.close();
            }
        }
    }

    @Test
    void aKubeconfigCarriesTheCaOrIsRefusedWithoutIt() throws Exception {
        Path ca = secured.certificateAuthority().orElseThrow();
        String server = secured.url().substring(0, secured.url().length() - 1);
        Path withCa = kubeconfig("certificate-authority: " + ca, server);
        Path withoutCa = kubeconfig("", server);

        ClusterConnections trusted = connections(Map.of("day2.clusters.secured.kubeconfig", withCa.toString()));
        ClusterConnections untrusted = connections(Map.of("day2.clusters.secured.kubeconfig", withoutCa.toString()));
        try {
            assertThat(trusted.serverVersion("secured")).isEqualTo(SandboxCluster.DEFAULT_VERSION);
            assertRefusedForItsCertificate(() -> untrusted.serverVersion("secured"));
        } finally {
            trusted.close();
            untrusted.close();
        }
    }

    @Test
    void inClusterModeUsesTheServiceAccountsTokenFileAndCaAsAPodWould() throws Exception {
        Path serviceAccount = Files.createTempDirectory("serviceaccount");
        Files.copy(secured.certificateAuthority().orElseThrow(), serviceAccount.resolve("ca.crt"));
        Files.writeString(serviceAccount.resolve("token"), "sa-token-1\n");
        Files.writeString(serviceAccount.resolve("namespace"), "day2ops");
        ClusterConnections connections = connections(Map.of(
                "day2.clusters.home.in-cluster", "true",
                "day2.clusters.home.url", secured.url(), // in a pod: https://$KUBERNETES_SERVICE_HOST:$..._PORT
                "day2.clusters.home.service-account-dir", serviceAccount.toString()));
        try {
            assertThat(connections.serverVersion("home")).isEqualTo(SandboxCluster.DEFAULT_VERSION);
            assertThat(secured.lastAuthorization()).isEqualTo("Bearer sa-token-1");
            // the kubelet rotates bound tokens: the next request sends the new one
            Files.writeString(serviceAccount.resolve("token"), "sa-token-2\n");
            connections.serverVersion("home");
            assertThat(secured.lastAuthorization()).isEqualTo("Bearer sa-token-2");
        } finally {
            connections.close();
        }

        Files.delete(serviceAccount.resolve("token"));
        ClusterConnections withoutToken = connections(Map.of(
                "day2.clusters.home.in-cluster", "true",
                "day2.clusters.home.url", secured.url(),
                "day2.clusters.home.service-account-dir", serviceAccount.toString()));
        try {
            assertThatThrownBy(() -> withoutToken.client("home"))
                    .hasMessageContaining("is in-cluster, but " + serviceAccount.resolve("token"))
                    .hasMessageContaining("automountServiceAccountToken");
        } finally {
            withoutToken.close();
        }
    }

    @Test
    void skippingVerificationTakesTheExplicitSwitch() {
        ClusterConnections connections = connections(Map.of(
                "day2.clusters.secured.url", secured.url(), "day2.clusters.secured.insecure-skip-tls-verify", "true"));
        try {
            assertThat(connections.serverVersion("secured")).isEqualTo(SandboxCluster.DEFAULT_VERSION);
        } finally {
            connections.close();
        }
    }

    @Test
    void plainHttpIsRefusedAnywhereButLoopback() {
        ClusterConnections connections = connections(Map.of(
                "day2.clusters.remote.url", "http://192.0.2.10:6443",
                "day2.clusters.remote.token", "secret-token"));
        try {
            assertThatThrownBy(() -> connections.client("remote"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refusing plain http to 192.0.2.10")
                    .hasMessageContaining("use https://");
        } finally {
            connections.close();
        }
        ClusterConnections.refusePlainHttp("sandbox", "http://127.0.0.1:6443");
        ClusterConnections.refusePlainHttp("proxy", "http://localhost:8001");
    }

    @Test
    void aClusterIsDeclaredByEnvironmentVariablesAsKubernetesManifestsDo() {
        // what k8s/ sets on backup-, upgrade- and dr-service: the cluster they run in, under the name "home"
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ClustersConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new io.smallrye.config.EnvConfigSource(
                        Map.of(
                                "DAY2_CLUSTERS_HOME_IN_CLUSTER", "true",
                                "DAY2_CLUSTERS_EUWEST_KUBECONFIG", "/etc/day2ops/clusters/euwest/kubeconfig",
                                "DAY2_CLUSTERS_EUWEST_REQUEST_TIMEOUT", "20s",
                                "DAY2_CLUSTERS_DIR", "/etc/day2ops/clusters"),
                        300))
                .build();
        ClustersConfig clusters = config.getConfigMapping(ClustersConfig.class);

        assertThat(clusters.clusters()).containsOnlyKeys("home", "euwest");
        assertThat(clusters.clusters().get("home").inCluster()).isTrue();
        assertThat(clusters.clusters().get("euwest").kubeconfig()).contains("/etc/day2ops/clusters/euwest/kubeconfig");
        assertThat(clusters.clusters().get("euwest").requestTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(clusters.clustersDir()).as("not a cluster named dir").contains("/etc/day2ops/clusters");
    }

    private static void assertRefusedForItsCertificate(ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).satisfies(failure -> {
            StringBuilder chain = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                chain.append(t.getClass().getName())
                        .append(": ")
                        .append(t.getMessage())
                        .append('\n');
            }
            assertThat(chain.toString()).containsIgnoringCase("certification path");
        });
    }

    private static Path kubeconfig(String caLine, String server) throws Exception {
        Path file = Files.createTempFile("secured", ".kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: secured
                  cluster:
                    server: %s
                    %s
                users:
                - name: admin
                  user:
                    token: sandbox
                contexts:
                - name: secured
                  context:
                    cluster: secured
                    user: admin
                current-context: secured
                """.formatted(server, caLine));
        return file;
    }

    private static ClusterConnections connections(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ClustersConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return new ClusterConnections(config.getConfigMapping(ClustersConfig.class));
    }
}
