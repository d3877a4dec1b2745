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

/**
 * The Kubernetes clients of the configured clusters, by logical name: those of {@code day2.clusters.<name>} and the
 * kubeconfigs in {@code day2.clusters-dir} (read on every use, so a changed Secret takes effect without a restart). One
 * client per cluster, made on first use and made again when its kubeconfig file changes.
 */
@ApplicationScoped
public class ClusterConnections {

    /** A named logger (not {@code Log}): the connection rules are tested outside a Quarkus application too. */
    private static final Logger LOG = Logger.getLogger(ClusterConnections.class);

    private static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final ClustersConfig config;
    private final String userAgent;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final Map<String, Connection> clients = new ConcurrentHashMap<>();
    /** Clients replaced after their kubeconfig changed: work may still use them, so they are closed at shutdown. */
    private volatile boolean missingDirReported;

    private final List<KubernetesClient> retired = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A client and the kubeconfig it was made from (empty for clusters of the configuration). */
    private record Connection(String kubeconfig, KubernetesClient client) {}

    /** @param serviceName names this service to API servers: user agent {@code day2ops-<service>}, in audit logs */
    @Inject
    public ClusterConnections(
            ClustersConfig config,
            @ConfigProperty(name = "day2.service-name") String serviceName,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.config = config;
        this.userAgent = "day2ops-" + serviceName;
        this.meters = meters;
    }

    public ClusterConnections(ClustersConfig config) {
        this(config, "unnamed", new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** The names of every configured cluster: the configuration's and the kubeconfig directory's. */
    public Set<String> names() {
        Set<String> names = new java.util.TreeSet<>(config.clusters().keySet());
        names.addAll(discovered().keySet());
        return names;
    }

    /** Whether {@code cluster} has a connection configured. */
    public boolean isConfigured(String cluster) {
        return config.clusters().containsKey(cluster) || discovered().containsKey(cluster);
    }

    /** Whether clusters may come and go while the service runs ({@code day2.clusters-dir} is set). */
    public boolean discovers() {
        return config.clustersDir().isPresent();
    }

    /** The client for {@code cluster}, or empty when no connection is configured for that name. */
    public Optional<KubernetesClient> client(String cluster) {
        ClustersConfig.Cluster settings = config.clusters().get(cluster);
        Path file = settings != null && connects(settings) ? null : discovered().get(cluster);
        if (file == null) {
            if (settings == null) {
                return Optional.empty();
            }
            return Optional.of(clients.computeIfAbsent(
                            cluster, name -> new Connection("", build(name, clientConfig(name, settings, userAgent))))
                    .client());
        }
        String kubeconfig = read(cluster, file);
        Connection connection = clients.compute(cluster, (name, current) -> {
            if (current != null && current.kubeconfig().equals(kubeconfig)) {
                return current;
            }
            if (current != null) {
                LOG.infof("cluster '%s': its kubeconfig %s changed; new requests use the new one", name, file);
                retired.add(current.client());
            }
            return new Connection(kubeconfig, build(name, fromKubeconfig(name, kubeconfig, file, settings, userAgent)));
        });
        return Optional.of(connection.client());
    }

    /** The kubeconfig files of {@code day2.clusters-dir}, by cluster name (the file's name). */
    Map<String, Path> discovered() {
        if (config.clustersDir().isEmpty()) {
            return Map.of();
        }
        Path dir = Path.of(config.clustersDir().get());
        Map<String, Path> found = new java.util.TreeMap<>();
        if (!Files.isDirectory(dir)) {
            if (!missingDirReported) {
                missingDirReported = true;
                LOG.warnf("the kubeconfig directory %s (day2.clusters-dir) does not exist: no clusters from it", dir);
            }
            return found;
        }
        try (var files = Files.list(dir)) {
            files.filter(file ->
                            CLUSTER_NAME.matcher(file.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .forEach(file -> found.put(file.getFileName().toString(), file));
        } catch (IOException e) {
            LOG.warnf("cannot list the kubeconfig directory %s (day2.clusters-dir): %s", dir, e);
        }
        return found;
    }

    private static final java.util.regex.Pattern CLUSTER_NAME =
            java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private static boolean connects(ClustersConfig.Cluster settings) {
        return settings.inCluster()
                || settings.kubeconfig().isPresent()
                || settings.url().isPresent();
    }

    private static String read(String cluster, Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kubeconfig of cluster '" + cluster + "' (" + file + ")", e);
        }
    }

    private KubernetesClient build(String cluster, Config config) {
        ClusterApiMetrics calls = new ClusterApiMetrics(cluster, meters);
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("day2-metrics", calls))
                .build();
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
                + " configuration"
                + config.clustersDir()
                        .map(dir -> ", or its kubeconfig as " + Path.of(dir).resolve(cluster))
                        .orElse("");
    }

    @PreDestroy
    void close() {
        clients.values().forEach(connection -> connection.client().close());
        retired.forEach(KubernetesClient::close);
    }

    private static Config clientConfig(String name, ClustersConfig.Cluster settings, String userAgent) {
        ConfigBuilder builder;
        if (settings.inCluster()) {
            builder = inCluster(name, settings);
        } else if (settings.kubeconfig().isPresent()) {
            Path file = Path.of(settings.kubeconfig().get());
            return fromKubeconfig(name, read(name, file), file, settings, userAgent);
        } else {
            String url = settings.url()
                    .orElseThrow(() -> new IllegalStateException("cluster '" + name + "' needs day2.clusters." + name
                            + ".url, .kubeconfig or .in-cluster=true"));
            refusePlainHttp(name, url);
            builder = new ConfigBuilder(Config.empty()).withMasterUrl(url);
            settings.token().ifPresent(builder::withOauthToken);
        }
        return finish(name, builder, settings, userAgent);
    }

    /** A client configuration from a kubeconfig's text; {@code settings} (may be null) add a CA, timeout, context. */
    private static Config fromKubeconfig(
            String name, String kubeconfig, Path file, ClustersConfig.Cluster settings, String userAgent) {
        String context = settings == null ? null : settings.context().orElse(null);
        try {
            return finish(
                    name,
                    new ConfigBuilder(Config.fromKubeconfig(context, kubeconfig, file.toString())),
                    settings,
                    userAgent);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the kubeconfig of cluster '" + name + "' (" + file + ") is unusable: " + e.getMessage(), e);
        }
    }

    /** CA, TLS switch, timeouts and user agent; the defaults when {@code settings} is null. */
    private static Config finish(
            String name, ConfigBuilder builder, ClustersConfig.Cluster settings, String userAgent) {
        boolean insecure = settings != null && settings.insecureSkipTlsVerify();
        if (settings != null) {
            settings.caFile().ifPresent(builder::withCaCertFile);
            settings.caData().ifPresent(builder::withCaCertData);
        }
        if (insecure) {
            builder.withTrustCerts(true).withDisableHostnameVerification(true);
        }
        int timeoutMillis = (int) (settings == null ? DEFAULT_TIMEOUT : settings.requestTimeout()).toMillis();
        Config config = builder.withUserAgent(userAgent)
                .withRequestTimeout(timeoutMillis)
                .withConnectionTimeout(Math.min(timeoutMillis, 5000))
                .withRequestRetryBackoffLimit(0)
                .build();
        refusePlainHttp(name, config.getMasterUrl());
        if (config.isTrustCerts() || config.isDisableHostnameVerification()) {
            LOG.warnf(
                    "cluster '%s': TLS verification is OFF (%s): its credentials go to any server that answers at %s."
                            + " Give its CA instead (day2.clusters.%s.ca-file or ca-data, or the kubeconfig's"
                            + " certificate-authority)",
                    name,
                    insecure
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
