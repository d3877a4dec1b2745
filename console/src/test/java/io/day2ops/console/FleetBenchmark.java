package io.day2ops.console;

import static io.restassured.RestAssured.given;

import io.day2ops.console.browser.Browser;
import io.day2ops.events.DrillCompleted;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.fixtures.SnapshotTakenBuilder;
import io.day2ops.testing.BusAccess;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.SharedKafka;
import io.quarkus.test.common.http.TestHTTPResource;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code ./day2 bench fleet}: how fast the fleet page answers a logged-in person with 100 clusters and 100,000
 * backups in the read model (target: under 200 ms), against the same page measured first in the same run with the
 * read model as the run found it (the baseline). The answers arrive the real way — SnapshotTaken and DrillCompleted
 * records on the bus, taken in by the console's consumers into its database and fleet — and the page is fetched over
 * HTTP with the session cookie a real login in Chromium gave. Also: the intake rate, and one cluster's page (its 1,000
 * backups in the database, the newest 50 shown). Asserts nothing about speed; the report is also written to
 * {@code target/benchmarks/fleet.txt}.
 */
@Day2FlowTest
class FleetBenchmark {

    private static final int CLUSTERS = Integer.getInteger("fleet.clusters", 100);
    private static final int BACKUPS = Integer.getInteger("fleet.backups", 100_000);
    private static final int WARMUP = 50;
    private static final int SAMPLES = 200;

    @TestHTTPResource("/")
    URL console;

    @Test
    void fleetPageWith100ClustersAnd100000Backups() throws Exception {
        String cookies;
        try (Browser browser = new Browser(1280, 900)) {
            browser.openAs(console.toString(), "viewer");
            cookies = browser.driver().manage().getCookies().stream()
                    .map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
        }
        HttpClient http = HttpClient.newHttpClient();
        URI fleet = console.toURI();
        double before = recorded();
        long[] baseline = measure(http, fleet, cookies);
        int baselineClusters = clusters();

        String run = UUID.randomUUID().toString().substring(0, 4);
        Instant published = Instant.now();
        int sent = publish(run);
        double publishSeconds = Duration.between(published, Instant.now()).toMillis() / 1000.0;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
        while (recorded() < before + sent && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        double intakeSeconds = Duration.between(published, Instant.now()).toMillis() / 1000.0;
        long taken = (long) (recorded() - before);

        long[] loaded = measure(http, fleet, cookies);
        long[] cluster = measure(http, fleet.resolve("fleet/bench-" + run + "-c042"), cookies);
        int bytes = get(http, fleet, cookies).length();

        StringBuilder report = new StringBuilder();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        line(report, "== day2ops benchmark: the console's fleet page ==");
        line(
                report,
                String.format(
                        Locale.ROOT,
                        "read model: +%,d backups and %,d drills over %d clusters, published in %.1f s, all %,d taken in by"
                                + " the console in %.1f s (%,.0f answers/s)",
                        BACKUPS,
                        CLUSTERS,
                        CLUSTERS,
                        publishSeconds,
                        taken,
                        intakeSeconds,
                        taken / intakeSeconds));
        line(
                report,
                String.format(
                        Locale.ROOT,
                        "baseline  GET /  (%d clusters, as the run found it)  p50 %s  p99 %s",
                        baselineClusters,
                        ms(baseline, 50),
                        ms(baseline, 99)));
        line(
                report,
                String.format(
                        Locale.ROOT,
                        "loaded    GET /  (%d clusters, %,d bytes)            p50 %s  p99 %s",
                        clusters(),
                        bytes,
                        ms(loaded, 50),
                        ms(loaded, 99)));
        line(
                report,
                String.format(
                        Locale.ROOT,
                        "cluster   GET /fleet/<one of them> (1,000 backups stored)  p50 %s  p99 %s",
                        ms(cluster, 50),
                        ms(cluster, 99)));
        line(
                report,
                String.format(
                        Locale.ROOT,
                        "ratio loaded/baseline p50 %.2f; target p99 < 200 ms: %s",
                        (double) pct(loaded, 50) / pct(baseline, 50),
                        pct(loaded, 99) < 200_000_000L ? "met" : "NOT met"));
        out.print(report);
        Path file = Path.of("target", "benchmarks", "fleet.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report.toString());
    }

    private int publish(String run) throws Exception {
        Properties properties = new Properties();
        properties.putAll(SharedKafka.clientProperties(BusAccess.ADMIN));
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        EventCodec codec = new EventCodec();
        Instant now = Instant.now();
        int perCluster = BACKUPS / CLUSTERS;
        int sent = 0;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int c = 0; c < CLUSTERS; c++) {
                String cluster = String.format(Locale.ROOT, "bench-%s-c%03d", run, c);
                for (int b = 0; b < perCluster; b++) {
                    Instant at = now.minus(Duration.ofMinutes(30L * (perCluster - b)));
                    send(
                            producer,
                            codec,
                            EventType.SNAPSHOT_TAKEN,
                            SnapshotTakenBuilder.completed(cluster + "-b" + b, cluster, at)
                                    .build());
                    sent++;
                }
                send(
                        producer,
                        codec,
                        EventType.DRILL_COMPLETED,
                        new DrillCompleted(
                                cluster + "-drill",
                                cluster,
                                "standby",
                                cluster + "-b" + (perCluster - 1),
                                c % 7 != 0,
                                c % 7 != 0 ? null : "deployment default/critical-app not available",
                                90_000L,
                                900_000L,
                                1_800_000L,
                                86_400_000L,
                                List.of(),
                                List.of(),
                                now.minusSeconds(600),
                                now.minusSeconds(500),
                                null));
                sent++;
            }
            producer.flush();
        }
        return sent;
    }

    private static <T extends io.day2ops.events.Day2Event> void send(
            KafkaProducer<String, String> producer, EventCodec codec, EventType<T> type, T event) {
        String id = UUID.randomUUID().toString();
        RecordHeaders headers = new RecordHeaders();
        BusClient.ceHeaders(type, id, "/day2ops/" + (type == EventType.DRILL_COMPLETED ? "dr" : "backup") + "-service")
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(type.topic(), null, event.cluster(), codec.toJson(event), headers));
    }

    private static long[] measure(HttpClient http, URI uri, String cookies) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            get(http, uri, cookies);
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            get(http, uri, cookies);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static String get(HttpClient http, URI uri, String cookies) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(uri).header("Cookie", cookies).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + answer.statusCode() + " (the session expired?)");
        }
        return answer.body();
    }

    private static long pct(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percentile / 100.0) - 1)];
    }

    private static String ms(long[] sorted, int percentile) {
        return String.format(Locale.ROOT, "%7.1f ms", pct(sorted, percentile) / 1e6);
    }

    private static double recorded() {
        return metric("day2_console_answers_recorded_total");
    }

    private static int clusters() {
        return (int) metric("day2_console_clusters");
    }

    private static double metric(String name) {
        for (String line : given().when().get("/q/metrics").asString().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static void line(StringBuilder report, String text) {
        report.append(text).append('\n');
    }
}
