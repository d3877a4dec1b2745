package io.day2ops.foundation.clusters;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The Kubernetes clients of the configured clusters, by logical name; one client per cluster, made on first use. */
@ApplicationScoped
public class ClusterConnections {

    private final ClustersConfig config;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public ClusterConnections(ClustersConfig config) {
        this.config = config;
    }

    /** The names of every configured cluster. */
    public Set<String> names() {
        return config.clusters().keySet();
    }

    /** Whether {@code cluster} has a connection configured. */
    public boolean isConfigured(String cluster) {
        return config.clusters().containsKey(cluster);
    }

    /** The client for {@code cluster}, or empty when no connection is configured for that name. */
    public Optional<KubernetesClient> client(String cluster) {
        ClustersConfig.Cluster settings = config.clusters().get(cluster);
        if (settings == null) {
            return Optional.empty();
        }
        return Optional.of(clients.computeIfAbsent(
                cluster,
                name -> new KubernetesClientBuilder()
                        .withConfig(clientConfig(name, settings))
                        .build()));
    }

    /** The cluster's etcd settings, when etcd endpoints are configured for it. */
    public Optional<ClustersConfig.Etcd> etcd(String cluster) {
        ClustersConfig.Cluster settings = config.clusters().get(cluster);
        if (settings == null || settings.etcd().endpoints().map(List::isEmpty).orElse(true)) {
            return Optional.empty();
        }
        return Optional.of(settings.etcd());
    }

    /**
     * The API server's version ({@code gitVersion}, or {@code v<major>.<minor>} from servers that leave it out).
     * Blocking: one request to {@code /version}. Fails when the cluster is not configured or does not answer.
     */
    public String serverVersion(String cluster) {
        VersionInfo info = client(cluster)
                .orElseThrow(() -> new IllegalStateException(unknownClusterMessage(cluster)))
                .getKubernetesVersion();
        if (info.getGitVersion() != null && !info.getGitVersion().isBlank()) {
            return info.getGitVersion();
        }
        return "v" + info.getMajor() + "." + info.getMinor().replaceAll("[^0-9]", "");
    }

    /** What a person must do when a cluster has no connection: the message of every "unknown cluster" error. */
    public String unknownClusterMessage(String cluster) {
        return "no connection configured for cluster '" + cluster + "'; configured: " + names()
                + ". Add day2.clusters." + cluster + ".url (or .kubeconfig, or .in-cluster=true) to this service's"
                + " configuration";
    }

    @PreDestroy
    void close() {
        clients.values().forEach(KubernetesClient::close);
    }

    private static Config clientConfig(String name, ClustersConfig.Cluster settings) {
        ConfigBuilder builder;
        if (settings.inCluster()) {
            builder = new ConfigBuilder(Config.autoConfigure(null));
        } else if (settings.kubeconfig().isPresent()) {
            try {
                String kubeconfig =
                        Files.readString(Path.of(settings.kubeconfig().get()));
                builder = new ConfigBuilder(Config.fromKubeconfig(
                        settings.context().orElse(null),
                        kubeconfig,
                        settings.kubeconfig().get()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read kubeconfig of cluster '" + name + "'", e);
            }
        } else {
            String url = settings.url()
                    .orElseThrow(() -> new IllegalStateException("cluster '" + name + "' needs day2.clusters." + name
                            + ".url, .kubeconfig or .in-cluster=true"));
            builder = new ConfigBuilder(Config.empty()).withMasterUrl(url).withTrustCerts(true);
            settings.token().ifPresent(builder::withOauthToken);
        }
        int timeoutMillis = (int) settings.requestTimeout().toMillis();
        return builder.withRequestTimeout(timeoutMillis)
                .withConnectionTimeout(Math.min(timeoutMillis, 5000))
                .withRequestRetryBackoffLimit(0)
                .build();
    }
}
