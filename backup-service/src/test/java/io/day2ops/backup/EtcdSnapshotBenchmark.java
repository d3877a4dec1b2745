package io.day2ops.backup;

import io.day2ops.backup.etcd.EtcdSnapshotter;
import io.day2ops.foundation.clusters.ClustersConfig;
import io.day2ops.testing.LocalEtcd;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark ({@code ./day2 bench etcd [keys]}): a real etcd holding {@code keys} keys (512-byte values, 50,000 by
 * default) is snapshotted three times by our snapshotter and three times by {@code etcdctl snapshot save}, alternating;
 * prints every time, the medians and the ratio. Asserts nothing.
 */
public final class EtcdSnapshotBenchmark {

    private EtcdSnapshotBenchmark() {}

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Path dir = Files.createTempDirectory("day2-etcd-bench");
        StringBuilder report = new StringBuilder();
        try (LocalEtcd etcd = LocalEtcd.start()) {
            long seedStart = System.nanoTime();
            try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
                String value = "v".repeat(512);
                for (int from = 0; from < keys; from += 1000) {
                    List<CompletableFuture<?>> puts = new ArrayList<>();
                    for (int i = from; i < Math.min(keys, from + 1000); i++) {
                        puts.add(client.getKVClient()
                                .put(bytes("/registry/configmaps/bench/cm-" + i), bytes(value + i)));
                    }
                    CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new))
                            .get(60, TimeUnit.SECONDS);
                }
            }
            line(report, "seeded %d keys in %.1f s", keys, (System.nanoTime() - seedStart) / 1e9);
            ClustersConfig.Etcd settings = settings(etcd.endpoint());
            List<Double> ours = new ArrayList<>();
            List<Double> etcdctl = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                Path theirs = dir.resolve("etcdctl-" + round + ".db");
                long start = System.nanoTime();
                etcdctl("--endpoints", etcd.endpoint(), "snapshot", "save", theirs.toString());
                etcdctl.add((System.nanoTime() - start) / 1e9);

                Path mine = dir.resolve("ours-" + round + ".db");
                start = System.nanoTime();
                EtcdSnapshotter.Result result;
                try (OutputStream out = Files.newOutputStream(mine)) {
                    result = EtcdSnapshotter.snapshot(settings, out);
                }
                ours.add((System.nanoTime() - start) / 1e9);
                line(
                        report,
                        "round %d: ours %.3f s (%d bytes, revision %d, %d keys, trailer verified), etcdctl %.3f s"
                                + " (%d bytes, identical: %s)",
                        round,
                        ours.get(round - 1),
                        result.info().sizeBytes(),
                        result.info().revision(),
                        result.info().keys(),
                        etcdctl.get(round - 1),
                        Files.size(theirs),
                        Files.mismatch(mine, theirs) == -1);
            }
            double oursMedian = median(ours);
            double etcdctlMedian = median(etcdctl);
            line(report, "");
            line(report, "== day2ops benchmark: etcd snapshot of %d keys ==", keys);
            line(
                    report,
                    "ours %.3f s   etcdctl snapshot save %.3f s   ratio %.2f (target <= 1.2), medians of 3",
                    oursMedian,
                    etcdctlMedian,
                    oursMedian / etcdctlMedian);
        }
        Path out = Path.of("target/benchmarks/etcd.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.exit(0);
    }

    private static ClustersConfig.Etcd settings(String endpoint) {
        return new ClustersConfig.Etcd() {
            @Override
            public Optional<List<String>> endpoints() {
                return Optional.of(List.of(endpoint));
            }

            @Override
            public Optional<String> caFile() {
                return Optional.empty();
            }

            @Override
            public Optional<String> certFile() {
                return Optional.empty();
            }

            @Override
            public Optional<String> keyFile() {
                return Optional.empty();
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration snapshotTimeout() {
                return Duration.ofMinutes(10);
            }
        };
    }

    private static void etcdctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("etcdctl"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("ETCDCTL_API", "3");
        Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.append(text).append('\n');
        System.out.println(text);
    }
}
