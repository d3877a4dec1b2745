package io.day2ops.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark ({@code ./day2 bench sandbox}): create and list N ConfigMaps in one sandbox, with our client (fabric8, 8
 * requests in flight, lists paged by 500) and with {@code kubectl} (create -f of one file, get --chunk-size=500), in
 * the same run on the same sandbox. Prints objects/s and the ratio of the two. Asserts nothing.
 */
public final class SandboxBenchmark {

    private SandboxBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (SandboxCluster sandbox = SandboxCluster.start("bench", 0, 10, "sandbox/common.yaml")) {
            KubernetesClient client = sandbox.client();
            for (String ns : List.of("bench-client", "bench-kubectl")) {
                client.namespaces()
                        .resource(new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ns)
                                .endMetadata()
                                .build())
                        .create();
            }
            double clientCreate = timeRate(count, () -> createWithClient(client, count));
            int[] listed = new int[1];
            double clientList = timeRate(count, () -> listed[0] = listWithClient(client));
            if (listed[0] != count) {
                throw new IllegalStateException("client listed " + listed[0] + " of " + count);
            }

            Path dir = Files.createTempDirectory("sandbox-bench");
            Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));
            Path manifest = dir.resolve("configmaps.yaml");
            writeManifest(manifest, count);
            double kubectlCreate = timeRate(count, () -> {
                String out = kubectl(kubeconfig, "create", "-f", manifest.toString(), "-o", "name");
                long created =
                        out.lines().filter(l -> l.startsWith("configmap/")).count();
                if (created != count) {
                    throw new IllegalStateException("kubectl created " + created + " of " + count);
                }
            });
            double kubectlList = timeRate(count, () -> {
                String out = kubectl(
                        kubeconfig, "get", "configmaps", "-n", "bench-kubectl", "-o", "name", "--chunk-size=500");
                long seen = out.lines()
                        .filter(l -> l.startsWith("configmap/bench-"))
                        .count();
                if (seen != count) {
                    throw new IllegalStateException("kubectl listed " + seen + " of " + count);
                }
            });

            System.out.println();
            System.out.println("== day2ops benchmark: sandbox cluster API, " + count + " ConfigMaps ==");
            System.out.printf(Locale.ROOT, "create, our client (8 in flight)  %8.0f objects/s%n", clientCreate);
            System.out.printf(Locale.ROOT, "create, kubectl create -f         %8.0f objects/s%n", kubectlCreate);
            System.out.printf(Locale.ROOT, "list,   our client (pages of 500) %8.0f objects/s%n", clientList);
            System.out.printf(Locale.ROOT, "list,   kubectl --chunk-size=500  %8.0f objects/s%n", kubectlList);
            System.out.printf(
                    Locale.ROOT,
                    "ratio client/kubectl              create %.2f, list %.2f%n",
                    clientCreate / kubectlCreate,
                    clientList / kubectlList);
        }
        System.exit(0);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double timeRate(int count, Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static void createWithClient(KubernetesClient client, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ConfigMap>> creates = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ConfigMap map = new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("bench-" + i)
                        .withNamespace("bench-client")
                        .addToLabels("bench", "sandbox")
                        .endMetadata()
                        .addToData("index", String.valueOf(i))
                        .build();
                creates.add(pool.submit(() -> client.configMaps().resource(map).create()));
            }
            for (Future<ConfigMap> create : creates) {
                create.get();
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static int listWithClient(KubernetesClient client) {
        int seen = 0;
        String token = null;
        do {
            ConfigMapList page = client.configMaps()
                    .inNamespace("bench-client")
                    .list(new ListOptionsBuilder()
                            .withLimit(500L)
                            .withContinue(token)
                            .build());
            seen += page.getItems().size();
            token = page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return seen;
    }

    private static void writeManifest(Path file, int count) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < count; i++) {
            yaml.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench-")
                    .append(i)
                    .append("\n  namespace: bench-kubectl\n  labels: {bench: sandbox}\ndata:\n  index: \"")
                    .append(i)
                    .append("\"\n---\n");
        }
        Files.writeString(file, yaml);
    }

    private static String kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
