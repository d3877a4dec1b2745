package io.day2ops.backup;

import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code ./day2 bench catalog}: (1) what indexing adds to a backup of {@value CatalogBenchmarks#NAMESPACE}'s 10,000
 * objects (target: under 10 %), against {@code CatalogBaselineBenchmark}'s same backups with the catalogue off, run
 * first in the same script; (2) how fast {@code GET /catalog/objects} answers a find over 1,000 backups of 10,000
 * objects each (10 million rows, loaded with SQL; target: under 100 ms), against the same find measured first on the
 * catalogue as the run found it. Asserts nothing about speed; the report is also written to {@code
 * target/benchmarks/catalog.txt}.
 */
@Day2FlowTest
class CatalogBenchmark {

    private static final int BACKUPS = Integer.getInteger("catalog.backups", 1_000);
    /** Finds measured per phase: a p99 of 200 would be the second-slowest sample; of 1,000, the tenth. */
    private static final int SAMPLES = Integer.getInteger("catalog.samples", 1_000);

    @InjectBus
    BusClient events;

    @Inject
    Pool pool;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL service;

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    private String token;

    @Test
    void indexingCostAndFindOverTenMillionObjects() throws Exception {
        if (CatalogBenchmarks.RUNS > 0) {
            CatalogBenchmarks.fill();
        }
        double[][] steps = new double[2][];
        long[] indexed = CatalogBenchmarks.backups(events, () -> steps[0] = indexingSeconds());
        steps[1] = indexingSeconds();
        String baseline = Files.exists(CatalogBenchmarks.BASELINE)
                ? Files.readString(CatalogBenchmarks.BASELINE).trim()
                : null;

        long[] emptyFind = finds(new Random(1));
        long loadStart = System.nanoTime();
        load();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        long[] loadedFind = finds(new Random(2));

        StringBuilder report = new StringBuilder("== day2ops benchmark: the fleet catalogue ==\n");
        long withIndex = indexed.length == 0 ? 0 : CatalogBenchmarks.median(indexed);
        report.append(String.format(
                Locale.ROOT,
                "backup of %,d ConfigMaps, catalogue on   median %,d ms %s%n",
                CatalogBenchmarks.OBJECTS,
                withIndex,
                Arrays.toString(indexed)));
        if (baseline != null && withIndex > 0) {
            long without = Long.parseLong(baseline.split(" ")[0]);
            report.append(String.format(
                    Locale.ROOT,
                    "backup of %,d ConfigMaps, catalogue off  median %,d ms %s (baseline)%n",
                    CatalogBenchmarks.OBJECTS,
                    without,
                    baseline.substring(baseline.indexOf(' ') + 1)));
            double overhead = 100.0 * (withIndex - without) / without;
            report.append(String.format(
                    Locale.ROOT,
                    "ratio on/off %.2f: indexing adds %.1f %% (target < 10 %%: %s)%n",
                    (double) withIndex / without,
                    overhead,
                    overhead < 10 ? "met" : "NOT met"));
            double hash = 1000 * (steps[1][0] - steps[0][0]) / indexed.length;
            double write = 1000 * (steps[1][1] - steps[0][1]) / indexed.length;
            report.append(String.format(
                    Locale.ROOT,
                    "indexing work per backup (day2_backup_catalog_index_seconds): hash %.0f ms, write %.0f ms"
                            + " (%.1f %% of the baseline's median; the write mostly runs alongside the capture, so"
                            + " the ratio above is what it adds)%n",
                    hash,
                    write,
                    100 * (hash + write) / without));
        } else {
            report.append("no baseline (run ./day2 bench catalog, which runs CatalogBaselineBenchmark first)\n");
        }
        report.append(String.format(
                Locale.ROOT,
                "find, catalogue as found          p50 %.1f ms  p99 %.1f ms%n",
                pct(emptyFind, 50),
                pct(emptyFind, 99)));
        report.append(String.format(
                Locale.ROOT,
                "find, %,d backups x %,d objects   p50 %.1f ms  p99 %.1f ms (loaded in %.0f s)%n",
                BACKUPS,
                10_000,
                pct(loadedFind, 50),
                pct(loadedFind, 99),
                loadSeconds));
        report.append(String.format(
                Locale.ROOT,
                "ratio loaded/as found p50 %.2f; target p99 < 100 ms: %s%n",
                pct(loadedFind, 50) / pct(emptyFind, 50),
                pct(loadedFind, 99) < 100 ? "met" : "NOT met"));
        System.out.print(report);
        CatalogBenchmarks.write(Path.of("target", "benchmarks", "catalog.txt"), report.toString());
    }

    /** 1,000 Completed backups over 10 clusters, 10,000 objects each (100 namespaces), each object changing now and then. */
    private void load() {
        pool.query("INSERT INTO backup (name, cluster, phase, request, request_event_id, created_at, completed_at)"
                        + " SELECT 'bench-load-' || g, 'bench-c' || (g % 10), 'Completed', '{}', 'bench-' || g,"
                        + " now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval"
                        + " FROM generate_series(1, " + BACKUPS + ") g")
                .execute()
                .await()
                .atMost(Duration.ofMinutes(5));
        pool.query("INSERT INTO backup_object (backup_id, resource, kind, namespace, name, resource_version,"
                        + " content_sha256) SELECT b.id, 'configmaps', 'ConfigMap', 'ns-' || (o % 100), 'obj-' || o,"
                        + " (o * 10 + b.id % 7)::text, sha256(convert_to(o || '-' || (b.id % 7), 'UTF8'))"
                        + " FROM backup b CROSS JOIN generate_series(1, 10000) o WHERE b.name LIKE 'bench-load-%'")
                .execute()
                .await()
                .atMost(Duration.ofMinutes(60));
        // what autovacuum does to an insert-only table after enough inserts: statistics, and the visibility map that
        // lets a find answer from the index alone
        pool.query("VACUUM (ANALYZE) backup_object").execute().await().atMost(Duration.ofMinutes(10));
    }

    /** {@code day2_backup_catalog_index_seconds_sum} of the steps hash and write, as the service exports them. */
    private double[] indexingSeconds() {
        try {
            var response = http.send(
                    java.net.http.HttpRequest.newBuilder(service.toURI().resolve("/q/metrics"))
                            .header("Authorization", "Bearer " + io.day2ops.testing.SharedIssuer.token("admin"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            double[] sums = new double[2];
            int found = 0;
            for (String line : response.body().split("\n")) {
                if (line.startsWith("day2_backup_catalog_index_seconds_sum{")) {
                    int at = line.contains("step=\"hash\"") ? 0 : 1;
                    sums[at] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found++;
                }
            }
            if (found != 2) {
                throw new AssertionError("/q/metrics has no day2_backup_catalog_index_seconds per step: " + found);
            }
            return sums;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read /q/metrics", e);
        }
    }

    /**
     * Finds of random objects over HTTP as a viewer (a plain JDK client with the viewer's bearer token, as curl would
     * send it), in ns per request, after a warm-up.
     */
    private long[] finds(Random random) throws Exception {
        token = io.day2ops.testing.SharedIssuer.token("viewer");
        for (int i = 0; i < 20; i++) {
            find(random);
        }
        long[] nanos = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            find(random);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private void find(Random random) throws Exception {
        int object = 1 + random.nextInt(10_000);
        var response = http.send(
                java.net.http.HttpRequest.newBuilder(service.toURI()
                                .resolve("/catalog/objects?kind=cm&namespace=ns-" + (object % 100) + "&name=obj-"
                                        + object))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("find answered " + response.statusCode());
        }
    }

    private static double pct(long[] sorted, int percentile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
