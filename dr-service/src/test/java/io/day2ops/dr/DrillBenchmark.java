package io.day2ops.dr;

import static io.day2ops.testing.Flow.unique;

import io.day2ops.events.DrillCompleted;
import io.day2ops.events.DrillCompleted.TimelineEntry;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.events.fixtures.DrillRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (excluded from the suite; run with {@code ./day2 bench drill}): a namespace of 1,000 objects
 * (40 Deployments with their Services, ConfigMaps, Secrets) in the primary sandbox, backed up by the real
 * backup-service, then drilled into the standby three times under fresh namespaces. For each drill: RTO, and its
 * parts — the restore (backup-service's own start to end, from {@code RestoreCompleted}), verification (restore
 * answered to the last check passed: the simulated controllers making the restored pods Ready, and our polling), and
 * the overhead (everything else: preflight, the request and the answer crossing Kafka, job pickup). Target: overhead
 * at most 10 % of RTO. Asserts nothing; the report goes to {@code target/benchmarks/drill.txt}.
 */
@Day2FlowTest
@TestProfile(DrillBenchmark.LogToFile.class)
class DrillBenchmark {

    /** The service logs to a file, so that Maven's console does not take a core. */
    public static class LogToFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.console.enable", "false",
                    "quarkus.log.file.enable", "true",
                    "quarkus.log.file.path", "target/benchmarks/drill-service.log");
        }
    }

    private static final int OBJECTS = Integer.getInteger("bench.objects", 1_000);
    private static final int DEPLOYMENTS = 40;
    private static final int ROUNDS = 3;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "day2.clusters.primary.url")
    String primaryUrl;

    private final EventCodec codec = new EventCodec();

    @Test
    void drillAThousandObjectBackup() throws Exception {
        String namespace = unique("bench");
        try (KubernetesClient primary = new KubernetesClientBuilder()
                        .withConfig(
                                new ConfigBuilder().withMasterUrl(primaryUrl).build())
                        .build();
                BusClient bus = new BusClient(bootstrapServers)) {
            seed(primary, namespace);
            String backup = namespace + "-backup";
            bus.publish(BackupRequestedBuilder.backupRequested()
                    .name(backup)
                    .cluster("primary")
                    .includedNamespaces(List.of(namespace))
                    .ttl("24h")
                    .build());
            var taken = bus.await(
                    EventType.SNAPSHOT_TAKEN.topic(),
                    r -> backup.equals(BusClient.header(r, "ce_subject")),
                    1,
                    TIMEOUT);
            if (taken.isEmpty()) {
                throw new IllegalStateException("no SnapshotTaken for " + backup);
            }
            long items =
                    codec.parse(EventType.SNAPSHOT_TAKEN, taken.get(0).value()).totalItems();
            Thread.sleep(2_000); // dr-service records the backup from the same topic

            StringBuilder report = new StringBuilder(String.format(
                    Locale.ROOT,
                    "drill benchmark: backup of %d objects (%d items in the backup, %d Deployments), restored into"
                            + " the standby %d times%n",
                    OBJECTS,
                    items,
                    DEPLOYMENTS,
                    ROUNDS));
            List<double[]> rounds = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                String drill = namespace + "-drill-" + round;
                bus.publish(DrillRequestedBuilder.drillRequested()
                        .name(drill)
                        .cluster("primary")
                        .targetCluster("standby")
                        .backupName(backup)
                        .namespaceMapping(Map.of(namespace, drill))
                        .rtoObjective("10m")
                        .rpoObjective("1h")
                        .verify(List.of())
                        .cleanup(true)
                        .timeout("5m")
                        .drainSource(false)
                        .build());
                var completed = bus.await(
                        EventType.DRILL_COMPLETED.topic(),
                        r -> drill.equals(BusClient.header(r, "ce_subject")),
                        1,
                        TIMEOUT);
                DrillCompleted result =
                        codec.parse(EventType.DRILL_COMPLETED, completed.get(0).value());
                var restored = bus.await(
                        EventType.RESTORE_COMPLETED.topic(),
                        r -> ("drill-" + drill).equals(BusClient.header(r, "ce_subject")),
                        1,
                        TIMEOUT);
                RestoreCompleted restore =
                        codec.parse(EventType.RESTORE_COMPLETED, restored.get(0).value());
                double rto = result.rtoMeasuredMillis() == null ? Double.NaN : result.rtoMeasuredMillis() / 1000.0;
                double restoreSeconds = seconds(restore.startedAt(), restore.completedAt());
                Instant answered = at(result, "restore-completed");
                Instant verified = at(result, "verified");
                double verification = verified == null ? Double.NaN : seconds(answered, verified);
                double overhead = rto - restoreSeconds - verification;
                rounds.add(new double[] {rto, restoreSeconds, verification, overhead});
                report.append(String.format(
                        Locale.ROOT,
                        "round %d: %s, RTO %.2f s = restore %.2f s (%.0f %%) + verification %.2f s (%.0f %%) +"
                                + " overhead %.2f s (%.1f %%); %d restored%n",
                        round,
                        result.passed() ? "passed" : "FAILED (" + result.failureReason() + ")",
                        rto,
                        restoreSeconds,
                        100 * restoreSeconds / rto,
                        verification,
                        100 * verification / rto,
                        overhead,
                        100 * overhead / rto,
                        restore.itemsRestored()));
            }
            double[] median = rounds.stream()
                    .sorted((a, b) -> Double.compare(a[0], b[0]))
                    .toList()
                    .get(ROUNDS / 2);
            report.append(String.format(
                    Locale.ROOT,
                    "median RTO %.2f s: restore %.2f s, verification %.2f s, overhead %.2f s = %.1f %% of RTO (target"
                            + " <= 10 %%)%n",
                    median[0],
                    median[1],
                    median[2],
                    median[3],
                    100 * median[3] / median[0]));
            System.out.println();
            System.out.println(report);
            Path file = Path.of("target", "benchmarks", "drill.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report.toString());
        }
    }

    private static Instant at(DrillCompleted drill, String step) {
        return drill.timeline().stream()
                .filter(t -> t.step().equals(step))
                .map(TimelineEntry::at)
                .findFirst()
                .orElse(null);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** {@link #OBJECTS} objects: Deployments (2 replicas each) with a Service, the rest ConfigMaps and Secrets. */
    private static void seed(KubernetesClient client, String namespace) throws Exception {
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
        List<HasMetadata> objects = new ArrayList<>();
        for (int i = 0; i < DEPLOYMENTS; i++) {
            String name = "app-" + i;
            objects.add(new DeploymentBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(2)
                    .withNewSelector()
                    .withMatchLabels(Map.of("app", name))
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .withLabels(Map.of("app", name))
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("app")
                    .withImage("nginx:1.25")
                    .withNewReadinessProbe()
                    .withNewHttpGet()
                    .withPath("/")
                    .withPort(new IntOrString(80))
                    .endHttpGet()
                    .withInitialDelaySeconds(5)
                    .endReadinessProbe()
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build());
            objects.add(new ServiceBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewSpec()
                    .withSelector(Map.of("app", name))
                    .addNewPort()
                    .withPort(80)
                    .withTargetPort(new IntOrString(80))
                    .endPort()
                    .endSpec()
                    .build());
        }
        for (int i = objects.size(); i < OBJECTS; i++) {
            objects.add(
                    i % 3 == 0
                            ? new SecretBuilder()
                                    .withNewMetadata()
                                    .withName("secret-" + i)
                                    .withNamespace(namespace)
                                    .endMetadata()
                                    .withStringData(Map.of("password", "s3cret-" + i))
                                    .build()
                            : new ConfigMapBuilder()
                                    .withNewMetadata()
                                    .withName("config-" + i)
                                    .withNamespace(namespace)
                                    .endMetadata()
                                    .withData(Map.of("settings.yaml", "replicas: 3\nfeature-" + i + ": on\n"))
                                    .build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (HasMetadata object : objects) {
                creates.add(pool.submit(() -> client.resource(object).create()));
            }
            for (Future<?> create : creates) {
                create.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
