package io.day2ops.foundation.clusters;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The Kubernetes clients of the configured clusters, by logical name; one client per cluster, made on first use. */
@ApplicationScoped
public class ClusterConnections {

    /** A named logger (not {@code Log}): the connection rules are tested outside a Quarkus application too. */
    private static final Logger LOG = Logger.getLogger(ClusterConnections.class);

    private final ClustersConfig config;
    private final String userAgent;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    /** @param serviceName names this service to API servers: user agent {@code day2ops-<service>}, in audit logs */
    @Inject
    public ClusterConnections(ClustersConfig config, @ConfigProperty(name = "day2.service-name") String serviceName) {
        this.config = config;
        this.userAgent = "day2ops-" + serviceName;
    }

    public ClusterConnections(ClustersConfig config) {
        this(config, "unnamed");
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
                        .withConfig(clientConfig(name, settings, userAgent))
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

    private static Config clientConfig(String name, ClustersConfig.Cluster settings, String userAgent) {
        ConfigBuilder builder;
        if (settings.inCluster()) {
            builder = inCluster(name, settings);
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
            refusePlainHttp(name, url);
            builder = new ConfigBuilder(Config.empty()).withMasterUrl(url);
            settings.token().ifPresent(builder::withOauthToken);
        }
        settings.caFile().ifPresent(builder::withCaCertFile);
        settings.caData().ifPresent(builder::withCaCertData);
        if (settings.insecureSkipTlsVerify()) {
            builder.withTrustCerts(true).withDisableHostnameVerification(true);
        }
        int timeoutMillis = (int) settings.requestTimeout().toMillis();
        Config config = builder.withUserAgent(userAgent)
                .withRequestTimeout(timeoutMillis)
                .withConnectionTimeout(Math.min(timeoutMillis, 5000))
                .withRequestRetryBackoffLimit(0)
                .build();
        if (config.isTrustCerts() || config.isDisableHostnameVerification()) {
            LOG.warnf(
                    "cluster '%s': TLS verification is OFF (%s): its credentials go to any server that answers at %s."
                            + " Give its CA instead (day2.clusters.%s.ca-file or ca-data, or the kubeconfig's"
                            + " certificate-authority)",
                    name,
                    settings.insecureSkipTlsVerify()
                            ? "day2.clusters." + name + ".insecure-skip-tls-verify=true"
                            : "insecure-skip-tls-verify in its kubeconfig",
                    config.getMasterUrl(),
                    name);
        }
        return config;
    }

    /** The pod's own service account: API server from the environment (or {@code url}), token file, CA file. */
    private static ConfigBuilder inCluster(String name, ClustersConfig.Cluster settings) {
        Path dir = Path.of(settings.serviceAccountDir());
        Path token = dir.resolve("token");
        String url = settings.url().orElseGet(() -> {
            String host = System.getenv("KUBERNETES_SERVICE_HOST");
            if (host == null || host.isBlank()) {
                throw new IllegalStateException("cluster '" + name + "' is in-cluster, but KUBERNETES_SERVICE_HOST is"
                        + " not set: not running in a pod? Give day2.clusters." + name + ".url");
            }
            String port = System.getenv().getOrDefault("KUBERNETES_SERVICE_PORT", "443");
            return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        });
        if (!Files.isReadable(token)) {
            throw new IllegalStateException("cluster '" + name + "' is in-cluster, but " + token + " cannot be read:"
                    + " is automountServiceAccountToken off for this pod?");
        }
        ConfigBuilder builder =
                new ConfigBuilder(Config.empty()).withMasterUrl(url).withOauthTokenProvider(() -> readToken(token));
        Path ca = dir.resolve("ca.crt");
        if (Files.isReadable(ca)) {
            builder.withCaCertFile(ca.toString());
        }
        return builder;
    }

    private static String readToken(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service account token " + file, e);
        }
    }

    /**
     * Plain {@code http} only to a loopback address (a sandbox, {@code kubectl proxy}): anywhere else the token and
     * every Secret read would cross the network in clear.
     */
    static void refusePlainHttp(String name, String url) {
        URI uri = URI.create(url);
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            return;
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        boolean loopback;
        try {
            loopback = host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalStateException("cluster '" + name + "': refusing plain http to " + host
                    + ": its token and the Secrets read would cross the network unencrypted; use https:// (with"
                    + " day2.clusters." + name + ".ca-file when its CA is private)");
        }
    }
}
