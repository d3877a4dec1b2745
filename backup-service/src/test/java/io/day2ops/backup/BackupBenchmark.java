package io.day2ops.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.capture.BackupCapture;
import io.day2ops.backup.capture.BackupLog;
import io.day2ops.backup.crypto.EnvelopeSealer;
import io.day2ops.backup.crypto.Keyring;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.BackupManifest.ResourceEntry;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.restore.RestoreItem;
import io.day2ops.backup.restore.RestoreRunner;
import io.day2ops.backup.storage.BackupWriter;
import io.day2ops.backup.storage.FilesystemLocation;
import io.day2ops.backup.storage.StoredPart;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.fixtures.RestoreRequestedBuilder;
import io.day2ops.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark ({@code ./day2 bench backup [objects] [namespaces]}): a sandbox holding {@code objects} ConfigMaps,
 * Secrets, Services and ServiceAccounts in {@code namespaces} namespaces is backed up by our capture (in a child JVM
 * with {@code -Xmx256m}, reporting its peak heap) and by {@code kubectl get <kind> -A -o json > file} per kind; then
 * restored by our restore and by {@code kubectl create -f} of the same documents, each into an empty sandbox. Two rounds
 * each, alternating; prints every time, the best of each and the ratios. Asserts nothing.
 */
public final class BackupBenchmark {

    private static final String[][] KINDS = {
        {"v1", "ConfigMap", "configmaps"},
        {"v1", "Secret", "secrets"},
        {"v1", "Service", "services"},
        {"v1", "ServiceAccount", "serviceaccounts"}
    };

    private BackupBenchmark() {}

    public static void main(String[] args) throws Exception {
        // The child JVMs exit explicitly: the Kubernetes client's Vert.x threads would keep them alive.
        if (args.length > 0 && args[0].equals("capture")) {
            capture(args[1], Path.of(args[2]), args[3]);
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("restore")) {
            restore(args[1], Path.of(args[2]), args[3], args[4]);
            if (args.length > 5) {
                // then the measured restore, into the URL the parent sends once the warm-up sandbox is gone
                System.out.println("waiting");
                System.out.flush();
                String url = new java.io.BufferedReader(
                                new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                        .readLine();
                restore(url, Path.of(args[2]), args[3], args[4] + "-measured");
            }
            System.exit(0);
        }
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int namespaces = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("day2-backup-bench");
        StringBuilder report = new StringBuilder();
        Path manifest = dir.resolve("objects.json");
        double bestOurs;
        double bestKubectl;
        String lastBackup = null;
        // One sandbox runs at a time: each runs its simulated controllers over every object it holds, so a full
        // sandbox left running would take CPU from whatever is measured next (the source from the restores, kubectl's
        // target from ours).
        try (SandboxCluster source = SandboxCluster.start("bench-source", 0, 10, "sandbox/common.yaml")) {
            Path kubeconfig = source.writeKubeconfig(dir.resolve("source.kubeconfig"));
            long seedStart = System.nanoTime();
            seed(source.client(), objects, namespaces, manifest);
            line(report, "seeded %d objects in %d namespaces in %.1f s", objects, namespaces, seconds(seedStart));

            List<Double> ours = new ArrayList<>();
            List<Double> kubectl = new ArrayList<>();
            for (int round = 1; round <= 2; round++) {
                long start = System.nanoTime();
                for (String[] kind : KINDS) {
                    kubectlToFile(kubeconfig, dir.resolve("kubectl-" + kind[2] + ".json"), kind[2]);
                }
                kubectl.add(seconds(start));
                lastBackup = "bench-" + round;
                String out =
                        child("capture", source.url(), dir.resolve("storage").toString(), lastBackup);
                ours.add(Double.parseDouble(value(out, "seconds")));
                line(
                        report,
                        "round %d: backup ours %.2f s (%s items, peak heap %s MB of -Xmx256m), kubectl get -A -o"
                                + " json %.2f s",
                        round,
                        ours.get(round - 1),
                        value(out, "items"),
                        value(out, "peak-heap-mb"),
                        kubectl.get(round - 1));
            }
            bestOurs = ours.stream().min(Double::compare).orElseThrow();
            bestKubectl = kubectl.stream().min(Double::compare).orElseThrow();
        }

        List<Double> oursRestore = new ArrayList<>();
        List<Double> coldRestore = new ArrayList<>();
        List<Double> kubectlRestore = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            try (SandboxCluster forKubectl =
                    SandboxCluster.start("bench-kubectl-" + round, 0, 10, "sandbox/common.yaml")) {
                Path target = forKubectl.writeKubeconfig(dir.resolve("kubectl-" + round + ".kubeconfig"));
                long start = System.nanoTime();
                kubectlCreate(target, manifest);
                kubectlRestore.add(seconds(start));
            }
            // Ours runs where backup-service runs, in a long-lived JVM: the child restores once into a throwaway
            // sandbox (its cold figure, JIT compiling as it goes, is reported too), then, once that sandbox is gone,
            // into the measured one.
            Process restorer;
            String coldOut;
            try (SandboxCluster warmUp = SandboxCluster.start("bench-warm-up-" + round, 0, 10, "sandbox/common.yaml")) {
                restorer = start(
                        "restore",
                        warmUp.url(),
                        dir.resolve("storage").toString(),
                        lastBackup,
                        "warm-up-" + round,
                        "then-wait");
                coldOut = readUntil(restorer, "waiting");
            }
            try (SandboxCluster forUs = SandboxCluster.start("bench-restore-" + round, 0, 10, "sandbox/common.yaml")) {
                String out = finish(restorer, forUs.url());
                coldRestore.add(Double.parseDouble(value(coldOut, "seconds")));
                oursRestore.add(Double.parseDouble(value(out, "seconds")));
                line(
                        report,
                        "round %d: restore ours %.2f s (%s created, %s failed; in a fresh JVM %.2f s), kubectl create"
                                + " -f %.2f s",
                        round,
                        oursRestore.get(round - 1),
                        value(out, "created"),
                        value(out, "failed"),
                        coldRestore.get(round - 1),
                        kubectlRestore.get(round - 1));
            }
        }
        double bestOursRestore = oursRestore.stream().min(Double::compare).orElseThrow();
        double bestKubectlRestore = kubectlRestore.stream().min(Double::compare).orElseThrow();
        line(report, "");
        line(report, "== day2ops benchmark: backup and restore of %d objects in %d namespaces ==", objects, namespaces);
        line(
                report,
                "backup   ours %6.2f s   kubectl get -A -o json %6.2f s   ratio %.2f (target <= 1.0)",
                bestOurs,
                bestKubectl,
                bestOurs / bestKubectl);
        line(
                report,
                "restore  ours %6.2f s   kubectl create -f      %6.2f s   ratio %.2f (target <= 0.5)",
                bestOursRestore,
                bestKubectlRestore,
                bestOursRestore / bestKubectlRestore);
        double bestCold = coldRestore.stream().min(Double::compare).orElseThrow();
        line(
                report,
                "restore in a fresh JVM (JIT cold) %6.2f s                ratio %.2f",
                bestCold,
                bestCold / bestKubectlRestore);
        System.out.print(report);
        Path out = Path.of("target/benchmarks/backup.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.exit(0);
    }

    /** Child JVM: captures every namespace of the cluster at {@code url} into {@code storage}; prints figures. */
    private static void capture(String url, Path storage, String name) throws Exception {
        try (KubernetesClient client = client(url)) {
            FilesystemLocation location = new FilesystemLocation("bench", storage, false);
            location.delete(name);
            BackupWriter writer = new BackupWriter(location, name);
            BackupLog log = new BackupLog(Clock.systemUTC());
            Instant started = Instant.now();
            long start = System.nanoTime();
            // encrypted as the service does it: Secrets sealed with the backup's own data key (kept beside the
            // benchmark's storage, where the service would wrap it into keys.json)
            byte[] dataKey = Keyring.newDataKey();
            Files.createDirectories(storage);
            Files.write(storage.resolve(name + ".data-key"), dataKey);
            EnvelopeSealer sealer = new EnvelopeSealer(dataKey, name, "bench");
            List<ResourceEntry> entries = new BackupCapture(
                            client,
                            writer,
                            log,
                            sealer,
                            4,
                            500,
                            started,
                            ItemActions.backup(),
                            io.day2ops.foundation.jobs.JobProgress.NONE)
                    .capture(BackupRequested.builder(name, "bench").build());
            try (var out = writer.part(BackupManifest.LOG)) {
                out.write(log.bytes());
            }
            List<StoredPart> parts = writer.parts();
            BackupManifest manifest = new BackupManifest(
                    BackupManifest.FORMAT,
                    name,
                    "bench",
                    BackupPhase.Completed,
                    started,
                    Instant.now(),
                    started,
                    Instant.now(),
                    entries,
                    parts,
                    null,
                    new BackupManifest.Encryption(EnvelopeSealer.ALGORITHM, "bench"),
                    log.warnings(),
                    log.errors(),
                    null,
                    null,
                    null);
            StoredPart written = writer.writeManifest(Json.MAPPER.writeValueAsBytes(manifest));
            double seconds = seconds(start);
            Files.writeString(storage.resolve(name + ".sha256"), written.sha256());
            System.out.println("seconds=" + seconds);
            System.out.println(
                    "items=" + entries.stream().mapToInt(ResourceEntry::items).sum());
            System.out.println("peak-heap-mb=" + peakHeapMb());
        }
    }

    /** Child JVM: restores backup {@code name} into the cluster at {@code url}; prints figures. */
    private static void restore(String url, Path storage, String name, String restore) throws Exception {
        try (KubernetesClient client = client(url)) {
            FilesystemLocation location = new FilesystemLocation("bench", storage, false);
            String sha = Files.readString(storage.resolve(name + ".sha256"));
            RestoreRunner runner = new RestoreRunner(
                    client,
                    location,
                    new io.day2ops.backup.restore.Decryption() {
                        @Override
                        public io.day2ops.backup.crypto.DocumentSealer of(BackupManifest manifest)
                                throws java.io.IOException {
                            return new EnvelopeSealer(
                                    Files.readAllBytes(storage.resolve(name + ".data-key")), name, "bench");
                        }

                        @Override
                        public void verifyUncatalogued(BackupManifest manifest, byte[] bytes) {}
                    },
                    8,
                    ItemActions.restore(),
                    List.of(),
                    io.day2ops.backup.hooks.HookPolicy.defaults());
            long start = System.nanoTime();
            runner.run(
                    RestoreRequestedBuilder.restoreRequested()
                            .name(restore)
                            .cluster("bench")
                            .backupName(name)
                            .includedResources(
                                    List.of("configmaps", "secrets", "services", "serviceaccounts", "namespaces"))
                            .build(),
                    sha);
            double seconds = seconds(start);
            List<RestoreItem> items = runner.items();
            System.out.println("seconds=" + seconds);
            System.out.println("created="
                    + items.stream()
                            .filter(i -> i.action() == RestoreItem.Action.Created)
                            .count());
            System.out.println("failed="
                    + items.stream()
                            .filter(i -> i.action() == RestoreItem.Action.Failed)
                            .count());
            System.out.println("peak-heap-mb=" + peakHeapMb());
        }
    }

    private static void seed(KubernetesClient client, int objects, int namespaces, Path manifest) throws Exception {
        List<ObjectNode> documents = new ArrayList<>();
        for (int n = 0; n < namespaces; n++) {
            ObjectNode namespace =
                    Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            namespace.putObject("metadata").put("name", String.format(Locale.ROOT, "bench-%02d", n));
            documents.add(namespace);
        }
        for (int i = 0; i < objects; i++) {
            String[] kind = KINDS[i % 10 < 5 ? 0 : i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3];
            ObjectNode object =
                    Json.MAPPER.createObjectNode().put("apiVersion", kind[0]).put("kind", kind[1]);
            ObjectNode metadata = object.putObject("metadata");
            metadata.put("name", kind[2].substring(0, kind[2].length() - 1) + "-" + i);
            metadata.put("namespace", String.format(Locale.ROOT, "bench-%02d", i % namespaces));
            metadata.putObject("labels").put("app", "bench-" + (i % 50)).put("tier", "backend");
            switch (kind[1]) {
                case "ConfigMap" ->
                    object.putObject("data")
                            .put(
                                    "settings.yaml",
                                    "replicas: 3\nlog-level: info\nfeature-" + i + ": enabled\n".repeat(4));
                case "Secret" -> object.putObject("data").put("password", "c2VjcmV0LXZhbHVlLTEyMzQ1Njc4OTA=");
                case "Service" -> {
                    ObjectNode spec = object.putObject("spec");
                    spec.putArray("ports")
                            .addObject()
                            .put("name", "http")
                            .put("port", 80)
                            .put("targetPort", 8080);
                }
                default -> {}
            }
            documents.add(object);
        }
        StringBuilder json = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[");
        for (int i = 0; i < documents.size(); i++) {
            json.append(i == 0 ? "" : ",").append(Json.MAPPER.writeValueAsString(documents.get(i)));
        }
        Files.writeString(manifest, json.append("]}"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < namespaces; i++) {
                create(client, documents.get(i));
            }
            List<Future<?>> creates = new ArrayList<>();
            for (ObjectNode document : documents.subList(namespaces, documents.size())) {
                creates.add(pool.submit(() -> create(client, document)));
            }
            for (Future<?> create : creates) {
                create.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void create(KubernetesClient client, ObjectNode document) {
        GenericKubernetesResource object =
                client.getKubernetesSerialization().convertValue(document, GenericKubernetesResource.class);
        client.resource(object).create();
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                BackupBenchmark.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The child's output up to and including the line {@code marker}. */
    private static String readUntil(Process process, String marker) throws IOException {
        var in = process.inputReader(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            out.append(line).append('\n');
            if (line.equals(marker)) {
                return out.toString();
            }
        }
        throw new IllegalStateException("the restore child ended before " + marker + ":\n" + out);
    }

    /** Sends the child its next URL and returns the rest of its output. */
    private static String finish(Process process, String url) throws IOException, InterruptedException {
        process.getOutputStream().write((url + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("restore failed:\n" + out);
        }
        return out;
    }

    private static String child(String... args) throws IOException, InterruptedException {
        Process process = start(args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(args[0] + " failed:\n" + out);
        }
        return out;
    }

    private static void kubectlToFile(Path kubeconfig, Path file, String kind) throws Exception {
        Process process = new ProcessBuilder(
                        "kubectl", "--kubeconfig", kubeconfig.toString(), "get", kind, "-A", "-o", "json")
                .redirectOutput(file.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("kubectl get " + kind + " failed");
        }
    }

    private static void kubectlCreate(Path kubeconfig, Path manifest) throws Exception {
        Process process = new ProcessBuilder(
                        "kubectl",
                        "--kubeconfig",
                        kubeconfig.toString(),
                        "create",
                        "-f",
                        manifest.toString(),
                        "-o",
                        "name",
                        // the sandbox serves no protobuf OpenAPI v2, which kubectl wants to validate a List;
                        // skipping validation only makes the baseline faster
                        "--validate=false")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("kubectl create failed");
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    private static KubernetesClient client(String url) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl(url)
                        .withRequestTimeout(60_000)
                        .build())
                .build();
    }

    private static String value(String output, String key) {
        return output.lines()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + key + " in:\n" + output));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void line(StringBuilder report, String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.append(text).append('\n');
        System.out.println(text);
    }
}
