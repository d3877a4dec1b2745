package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A sandbox Kubernetes cluster on 127.0.0.1: fabric8's mock API server in CRUD mode behind {@link SandboxDispatcher},
 * with the simulated control plane of {@link Controllers} ticking in the background. Seeded from YAML.
 *
 * <pre>{@code
 * try (SandboxCluster primary = SandboxCluster.start("primary", 0, 10, "sandbox/primary.yaml")) {
 *     primary.client().apps().deployments().inNamespace("default").withName("critical-app").get();
 *     primary.faults().failWith(503);
 * }
 * }</pre>
 */
public final class SandboxCluster implements AutoCloseable {

    /** The Kubernetes version sandboxes report, the one the module's lab upgrades from. */
    public static final String DEFAULT_VERSION = "v1.30.4";

    /**
     * Pod annotation scripting what {@code pods/exec} answers in that pod: a JSON array of rules {@code {"match":
     * "<part of the command line>", "container": "<optional>", "exitCode": 0, "stdout": "", "stderr": "",
     * "delayMillis": 0}}, the first match wins; unmatched commands succeed silently.
     */
    public static final String EXEC_SCRIPT = "sandbox.day2ops.io/exec";

    /** On a PersistentVolume provisioned from a VolumeSnapshot: the snapshot's handle, i.e. which data it holds. */
    public static final String RESTORED_FROM_SNAPSHOT = "sandbox.day2ops.io/restored-from-snapshot";

    private static final long TICK_MILLIS = 50;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Held so the JUL levels set below are not garbage collected with their loggers. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    static {
        for (String name : List.of("io.fabric8.mockwebserver", "io.fabric8.kubernetes.client.server.mock")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
        }
    }

    private final String name;
    private final boolean tls;
    private final int port;
    private final Faults faults = new Faults();
    private final SandboxDispatcher dispatcher;
    private final Controllers controllers;
    private final ScheduledExecutorService ticker;
    private KubernetesMockServer server;
    private SelfSignedCertificate certificate;
    private KubernetesClient client;

    private SandboxCluster(String name, int port, double speed, String version, boolean tls) {
        this.name = name;
        this.tls = tls;
        this.dispatcher = new SandboxDispatcher(faults, version);
        this.controllers = new Controllers(new Store(dispatcher), speed);
        this.server = listen(port);
        this.port = server.getPort();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sandbox-" + name + "-controllers");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a sandbox.
     *
     * @param port 0 for any free port
     * @param speed how much faster than real time probe delays and deadlines pass (1 = real time)
     * @param seeds classpath resources or files with YAML documents to create, in order
     */
    public static SandboxCluster start(String name, int port, double speed, String... seeds) {
        return seeded(new SandboxCluster(name, port, speed, DEFAULT_VERSION, false), seeds);
    }

    /**
     * Starts a sandbox that serves HTTPS on {@code localhost} with a self-signed certificate made for this run (its
     * own CA: {@link #certificateAuthority()}), as a real API server does with its cluster CA. The certificate is made
     * when the sandbox starts; {@link #unreachable()} then {@link #reachable()} serves a new one.
     */
    public static SandboxCluster startTls(String name, double speed, String... seeds) {
        return seeded(new SandboxCluster(name, 0, speed, DEFAULT_VERSION, true), seeds);
    }

    private static SandboxCluster seeded(SandboxCluster cluster, String... seeds) {
        for (String seed : seeds) {
            cluster.apply(seed);
        }
        cluster.ticker.schedule(cluster::tickQuietly, 0, TimeUnit.MILLISECONDS);
        return cluster;
    }

    public String name() {
        return name;
    }

    /** The API server URL, e.g. {@code http://127.0.0.1:40123/}, or {@code https://localhost:40123/} with TLS. */
    public String url() {
        return tls ? "https://localhost:" + port + "/" : "http://127.0.0.1:" + port + "/";
    }

    /** With TLS: the PEM file of the self-signed certificate the sandbox serves, i.e. its CA; empty without TLS. */
    public synchronized Optional<Path> certificateAuthority() {
        return tls && server != null ? Optional.of(Path.of(certificate.certificatePath())) : Optional.empty();
    }

    public int port() {
        return port;
    }

    /** The {@code Authorization} header of the last request a client sent, e.g. {@code Bearer <token>}; null if none. */
    public String lastAuthorization() {
        return dispatcher.lastAuthorization;
    }

    /** Every request this sandbox answered and what its control plane did, in order. */
    public RequestLog requests() {
        return dispatcher.requests;
    }

    public Faults faults() {
        return faults;
    }

    /** A client for tests and tooling (our services get the URL through their configuration instead). */
    public synchronized KubernetesClient client() {
        if (client == null) {
            ConfigBuilder builder = new ConfigBuilder().withMasterUrl(url());
            certificateAuthority().ifPresent(ca -> builder.withCaCertFile(ca.toString()));
            Config config = builder.withNamespace("default")
                    .withRequestTimeout(10_000)
                    .withRequestRetryBackoffLimit(0)
                    .build();
            client = new KubernetesClientBuilder().withConfig(config).build();
        }
        return client;
    }

    /** Stops answering on the port (connections are refused) until {@link #reachable()}; the cluster keeps running. */
    public synchronized void unreachable() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    public synchronized void reachable() {
        if (server == null) {
            server = listen(port);
        }
    }

    /** Creates the objects of a YAML file or classpath resource (multi-document), CRDs and namespaces first. */
    public void apply(String seed) {
        List<JsonNode> documents = new ArrayList<>();
        try (InputStream in = open(seed);
                MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(in)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    documents.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sandbox seed " + seed, e);
        }
        documents.sort((a, b) -> Integer.compare(order(a), order(b)));
        Store store = new Store(dispatcher);
        for (JsonNode doc : documents) {
            if (doc.path("kind").asText().equals("CustomResourceDefinition") && !doc.has("status")) {
                ((ObjectNode) doc).set("status", CrdController.status(doc)); // a seed's CRDs are served at once
            }
            String path = collectionPath(doc);
            if (!store.create(path, (ObjectNode) doc)) {
                throw new IllegalArgumentException("sandbox " + name + ": cannot create "
                        + doc.path("kind").asText() + " "
                        + doc.path("metadata").path("name").asText() + " from " + seed);
            }
        }
    }

    /**
     * What an external upgrader (kubeadm, eksctl, Cluster API) leaves behind: the API server reports {@code
     * gitVersion} ({@code v1.31.0}), the {@code kube-apiserver} static pods run that image tag, and every node's
     * kubelet (or only those named) reports it. Nothing else changes: cordons and workloads stay as they are.
     */
    public void upgradeTo(String gitVersion, String... onlyNodes) {
        SimulatedUpgrade.apply(dispatcher, gitVersion, onlyNodes);
    }

    /** Runs one reconcile pass now (tests that want a settled state without waiting for the ticker). */
    public void reconcile() {
        synchronized (controllers) {
            controllers.tick();
        }
    }

    /** Writes a kubeconfig with one context named after this cluster. */
    public Path writeKubeconfig(Path file) {
        return Kubeconfigs.write(file, List.of(this));
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (client != null) {
            client.close();
        }
        unreachable();
    }

    /**
     * One pass, then the next one 50 ms later, or twice the pass's duration when that is longer: every pass lists
     * the stored objects, so on a sandbox holding many thousands of them the controllers take at most a third of a
     * core instead of starving the API they serve.
     */
    private void tickQuietly() {
        long start = System.nanoTime();
        try {
            reconcile();
        } catch (RuntimeException e) {
            Logger.getLogger(SandboxCluster.class.getName())
                    .log(Level.FINE, "sandbox " + name + ": reconcile pass failed", e);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        if (!ticker.isShutdown()) {
            ticker.schedule(this::tickQuietly, Math.max(TICK_MILLIS, 2 * took), TimeUnit.MILLISECONDS);
        }
    }

    private KubernetesMockServer listen(int port) {
        MockWebServer web = new MockWebServer();
        KubernetesMockServer mock = new KubernetesMockServer(new Context(), web, new HashMap<>(), dispatcher, tls);
        try {
            mock.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        certificate = web.getSelfSignedCertificate();
        return mock;
    }

    private String collectionPath(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        String kind = doc.path("kind").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        for (ApiResources.Resource resource : dispatcher.servedResources()) {
            if (resource.group().equals(group) && resource.kind().equals(kind)) {
                String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
                String ns = doc.path("metadata").path("namespace").asText("default");
                return resource.namespaced()
                        ? base + "/namespaces/" + ns + "/" + resource.plural()
                        : base + "/" + resource.plural();
            }
        }
        throw new IllegalArgumentException("sandbox " + name + " does not serve " + apiVersion + " " + kind);
    }

    private static int order(JsonNode doc) {
        return switch (doc.path("kind").asText()) {
            case "CustomResourceDefinition" -> 0;
            case "Namespace" -> 1;
            case "StorageClass", "PriorityClass", "ClusterRole" -> 2;
            default -> 3;
        };
    }

    private static InputStream open(String seed) throws IOException {
        Path file = Path.of(seed);
        if (Files.isRegularFile(file)) {
            return Files.newInputStream(file);
        }
        InputStream in = SandboxCluster.class.getClassLoader().getResourceAsStream(seed);
        if (in == null) {
            throw new IOException("no file or classpath resource " + seed);
        }
        return in;
    }
}
