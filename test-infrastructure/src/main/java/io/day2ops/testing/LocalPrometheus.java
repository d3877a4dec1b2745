package io.day2ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Prometheus (Debian's {@code prometheus} package) for the fault suite: it scrapes the services a test starts
 * (added as they start, through a file-based service discovery file) every second and evaluates the alert rules of
 * {@code k8s/components/monitoring} every second, so a test can see the fault it causes fire its alert — or, for a rule
 * with a {@code for:} longer than the test, go pending (its expression true, waiting out the duration).
 */
public final class LocalPrometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path dir;
    private final int port;
    private final Map<String, String> targets = new LinkedHashMap<>(); // host:port → job

    private LocalPrometheus(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts Prometheus with the repository's alert rules; fails saying how to install it when it is missing. */
    public static LocalPrometheus start() {
        Path binary = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("the fault suite sees its faults fire their alerts in a real Prometheus:"
                    + " apt-get install -y prometheus (./day2 test and ./day2 check faults install it)");
        }
        try {
            Path dir = Files.createTempDirectory("day2-prometheus");
            PrometheusRules.extract(monitoring(), dir.resolve("day2ops.rules.yaml"));
            Files.writeString(dir.resolve("targets.json"), "[]");
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: day2ops
                        metrics_path: /q/metrics
                        file_sd_configs:
                          - files: ['%s']
                            refresh_interval: 1s
                    """.formatted(
                            dir.resolve("day2ops.rules.yaml"), dir.resolve("targets.json")));
            int port = freePort();
            Process process = new ProcessBuilder(
                            binary.toString(),
                            "--config.file=" + dir.resolve("prometheus.yml"),
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            LocalPrometheus prometheus = new LocalPrometheus(process, dir, port);
            prometheus.awaitReady();
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus", e);
        }
    }

    /** Scrapes {@code service} (its {@code /q/metrics}) from now on as job {@code job}, e.g. backup-service. */
    public synchronized void scrape(String job, ServiceProcess service) {
        targets.put(URI.create(service.url()).getAuthority(), job);
        ArrayNode groups = JSON.createArrayNode();
        targets.forEach((target, name) -> {
            ObjectNode group = groups.addObject();
            group.putArray("targets").add(target);
            group.putObject("labels").put("job", name);
        });
        try {
            Path next = dir.resolve("targets.json.new");
            Files.writeString(next, groups.toString());
            Files.move(next, dir.resolve("targets.json"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Scrapes {@code service} and waits until it has been scraped successfully twice, so that a counter's increase
     * from its first value is seen (a fault caused before the first scrape would be invisible to {@code increase()}).
     */
    public void scrapeAndAwait(String job, ServiceProcess service, Duration timeout) {
        scrape(job, service);
        String instance = URI.create(service.url()).getAuthority();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode result = query("count_over_time(up{instance=\"" + instance + "\"}[1m])");
            if (result.size() > 0 && result.get(0).path("value").path(1).asDouble() >= 2) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("prometheus did not scrape " + instance + " within " + timeout + "; see "
                + dir.resolve("prometheus.log"));
    }

    /** The alerts now pending or firing named {@code name} whose labels include {@code labels}. */
    public List<JsonNode> alerts(String name, Map<String, String> labels) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode alert : get("/api/v1/alerts").path("data").path("alerts")) {
            JsonNode have = alert.path("labels");
            if (name.equals(have.path("alertname").asText())
                    && labels.entrySet().stream()
                            .allMatch(l ->
                                    l.getValue().equals(have.path(l.getKey()).asText()))) {
                found.add(alert);
            }
        }
        return found;
    }

    /**
     * Waits until alert {@code name} with {@code labels} is in {@code state} ({@code firing}, or {@code pending} for a
     * rule whose {@code for:} is longer than the test): its labels and annotations.
     */
    public JsonNode awaitAlert(String name, String state, Map<String, String> labels, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<JsonNode> alert = alerts(name, labels).stream()
                    .filter(a -> state.equals(a.path("state").asText())
                            || "firing".equals(a.path("state").asText()))
                    .findFirst();
            if (alert.isPresent()) {
                return alert.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("alert " + name + " " + labels + " was not " + state + " within " + timeout
                        + "; alerts now: " + get("/api/v1/alerts").path("data").path("alerts"));
            }
            sleep(500);
        }
    }

    /** The {@code instance} label {@code service}'s series carry. */
    public static String instance(ServiceProcess service) {
        return URI.create(service.url()).getAuthority();
    }

    /**
     * Waits until {@code killed}'s {@code Day2ServiceDown} goes pending (its scrapes fail; the rule's {@code for:} is
     * 5 m): the words for a fault's note.
     */
    public String awaitServiceDown(ServiceProcess killed) {
        awaitAlert("Day2ServiceDown", "pending", Map.of("instance", instance(killed)), Duration.ofSeconds(60));
        return "alert Day2ServiceDown pending (for: 5m)";
    }

    /** An instant query's result vector. */
    public JsonNode query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .path("data")
                .path("result");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited; see " + dir.resolve("prometheus.log"));
            }
            try {
                HttpResponse<String> ready = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("prometheus not ready within 30 s; see " + dir.resolve("prometheus.log"));
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url() + path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** k8s/components/monitoring/monitoring.yaml of this checkout, found from the module's folder upwards. */
    private static Path monitoring() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path file = dir.resolve("k8s/components/monitoring/monitoring.yaml");
            if (Files.isRegularFile(file)) {
                return file;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("k8s/components/monitoring/monitoring.yaml not found above " + Path.of(""));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
