package io.day2ops.backup;

import io.day2ops.events.EventType;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.SandboxClusters;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** What {@code CatalogBaselineBenchmark} and {@code CatalogBenchmark} share: the namespace they back up, timing. */
final class CatalogBenchmarks {

    static final int OBJECTS = Integer.getInteger("catalog.objects", 10_000);
    /**
     * Backups measured: a backup's capture alone varies by a second from run to run on two shared cores, so the median
     * of five moved the ratio by ±10 %; nine, after five warm-ups (JIT, connections; not counted): with two, the
     * slower backups of each phase were its first measured ones, more so with the catalogue's code paths to compile.
     */
    static final int RUNS = Integer.getInteger("catalog.runs", 9);

    static final int WARM_UPS = Integer.getInteger("catalog.warm-ups", 5);

    static final String NAMESPACE = "bench-catalog";
    static final Path BASELINE = Path.of("target", "benchmarks", "catalog-baseline.txt");

    private CatalogBenchmarks() {}

    /** Creates {@link #OBJECTS} ConfigMaps in the primary sandbox's namespace {@link #NAMESPACE}. */
    static void fill() throws Exception {
        fill(NAMESPACE, OBJECTS);
    }

    /** Creates (or updates) {@code objects} ConfigMaps {@code cm-0…} in the primary sandbox's {@code namespace}. */
    static void fill(String namespace, int objects) throws Exception {
        KubernetesClient client = SandboxClusters.cluster("primary").client();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .createOr(existing -> existing.update());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                String name = "cm-" + i;
                writes.add(pool.submit(() -> client.configMaps()
                        .inNamespace(namespace)
                        .resource(new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .addToLabels("app", "bench")
                                .endMetadata()
                                .addToData("value", name.repeat(8))
                                .build())
                        .createOr(existing -> existing.update())));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Backs the namespace up {@link #WARM_UPS} times, runs {@code measuring}, then {@link #RUNS} times; each measured
     * run's wall time, request to SnapshotTaken, in ms.
     */
    static long[] backups(BusClient events, Runnable measuring) {
        long[] millis = new long[RUNS];
        for (int run = RUNS == 0 ? 0 : -WARM_UPS; run < RUNS; run++) {
            if (run == 0) {
                measuring.run();
            }
            String name = "bench-catalog-" + UUID.randomUUID().toString().substring(0, 8);
            long start = System.nanoTime();
            events.publish(BackupRequestedBuilder.backupRequested()
                    .name(name)
                    .cluster("primary")
                    .includedNamespaces(List.of(NAMESPACE))
                    .includedResources(List.of("configmaps"))
                    .build());
            if (events.await(
                                    EventType.SNAPSHOT_TAKEN.topic(),
                                    r -> name.equals(BusClient.header(r, "ce_subject")),
                                    1,
                                    Duration.ofMinutes(10))
                            .size()
                    != 1) {
                throw new AssertionError("no SnapshotTaken for " + name);
            }
            if (run >= 0) {
                millis[run] = (System.nanoTime() - start) / 1_000_000;
            }
        }
        return millis;
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
