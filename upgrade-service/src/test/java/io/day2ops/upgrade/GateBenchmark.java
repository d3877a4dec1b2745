package io.day2ops.upgrade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.GateCheckResult;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.KubernetesVersion;
import io.day2ops.upgrade.domain.checks.ClaimsBoundCheck;
import io.day2ops.upgrade.domain.checks.DisruptionReadinessCheck;
import io.day2ops.upgrade.domain.checks.GateCheck;
import io.day2ops.upgrade.domain.checks.GateContext;
import io.day2ops.upgrade.domain.checks.KubeSystemPodsCheck;
import io.day2ops.upgrade.domain.checks.NodePressureCheck;
import io.day2ops.upgrade.domain.checks.NodeReadyCheck;
import io.day2ops.upgrade.domain.checks.RemovedApiCheck;
import io.day2ops.upgrade.domain.checks.VersionSkewCheck;
import io.day2ops.upgrade.domain.checks.VersionStepCheck;
import io.day2ops.upgrade.domain.checks.VolumesHealthyCheck;
import io.day2ops.upgrade.domain.checks.WorkloadAvailabilityCheck;
import io.day2ops.upgrade.k8s.ClusterStateReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark ({@code ./day2 bench gate [workloads]}): the lab sandbox plus {@code workloads} (5,000) Deployments and
 * StatefulSets across 50 namespaces (half with a PDB, some with last-applied configurations, Helm releases, CronJobs,
 * HPAs, Ingresses). Times our gate — one read of the cluster state and every check on it, in this process — against the
 * floor: {@code kubectl get} of the same lists ({@code -A -o json}, three kubectl processes). Five rounds each,
 * alternating; prints every round, the medians and the ratio. Asserts nothing.
 */
public final class GateBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NAMESPACES = 50;
    private static final int ROUNDS = 5;

    /** What the reader lists with one kubectl call (besides kube-system pods and Helm release Secrets). */
    private static final String KUBECTL_KINDS = "nodes,deployments.apps,statefulsets.apps,daemonsets.apps,"
            + "poddisruptionbudgets.policy,persistentvolumeclaims,persistentvolumes,networkpolicies.networking.k8s.io,"
            + "mutatingwebhookconfigurations.admissionregistration.k8s.io,"
            + "validatingwebhookconfigurations.admissionregistration.k8s.io,"
            + "customresourcedefinitions.apiextensions.k8s.io,ingresses.networking.k8s.io,"
            + "ingressclasses.networking.k8s.io,clusterroles.rbac.authorization.k8s.io,"
            + "clusterrolebindings.rbac.authorization.k8s.io,roles.rbac.authorization.k8s.io,"
            + "rolebindings.rbac.authorization.k8s.io,priorityclasses.scheduling.k8s.io,csidrivers.storage.k8s.io,"
            + "storageclasses.storage.k8s.io,cronjobs.batch,horizontalpodautoscalers.autoscaling";

    private GateBenchmark() {}

    public static void main(String[] args) throws Exception {
        int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        Path dir = Files.createDirectories(Path.of("target", "benchmarks"));
        ClusterStateReader reader = new ClusterStateReader();
        try (SandboxCluster lab =
                SandboxCluster.start("bench-gate", 0, 100, "sandbox/common.yaml", "sandbox/primary.yaml")) {
            KubernetesClient client = lab.client();
            long seedStart = System.nanoTime();
            seed(client, workloads);
            System.out.printf(
                    Locale.ROOT,
                    "seeded %,d workloads (+ PDBs, Helm releases, CronJobs, HPAs, Ingresses) in %.1f s%n",
                    workloads,
                    seconds(seedStart));
            Path kubeconfig = lab.writeKubeconfig(dir.resolve("gate.kubeconfig"));
            // let the simulated controllers create the pods and settle before anything is timed
            long settleStart = System.nanoTime();
            long unavailable = Long.MAX_VALUE;
            while (unavailable > 0 && seconds(settleStart) < 180) {
                Thread.sleep(2_000);
                unavailable = client.apps().deployments().inAnyNamespace().list().getItems().stream()
                                .filter(d -> d.getStatus() == null
                                        || !d.getSpec()
                                                .getReplicas()
                                                .equals(d.getStatus().getAvailableReplicas()))
                                .count()
                        + client.apps().statefulSets().inAnyNamespace().list().getItems().stream()
                                .filter(d -> d.getStatus() == null
                                        || !d.getSpec()
                                                .getReplicas()
                                                .equals(d.getStatus().getAvailableReplicas()))
                                .count();
            }
            System.out.printf(
                    Locale.ROOT,
                    "controllers settled in %.1f s (%d workloads not available)%n",
                    seconds(settleStart),
                    unavailable);

            List<Double> ours = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            int checks = 0;
            int objects = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                long start = System.nanoTime();
                ClusterState state = reader.read(client);
                List<GateCheckResult> results = evaluate(state, reader);
                ours.add(seconds(start));
                checks = results.size();
                objects = state.deployments().size() + state.statefulSets().size();

                start = System.nanoTime();
                kubectl(kubeconfig, dir.resolve("gate-kubectl.json"), "get", KUBECTL_KINDS, "-A", "-o", "json");
                kubectl(
                        kubeconfig,
                        dir.resolve("gate-kubectl-pods.json"),
                        "get",
                        "pods",
                        "-n",
                        "kube-system",
                        "-o",
                        "json");
                kubectl(
                        kubeconfig,
                        dir.resolve("gate-kubectl-helm.json"),
                        "get",
                        "secrets",
                        "-A",
                        "-l",
                        "owner=helm,status=deployed",
                        "-o",
                        "json");
                floor.add(seconds(start));
                System.out.printf(
                        Locale.ROOT,
                        "round %d: gate %.2f s (%,d workloads read, %,d check results), kubectl get of the same lists"
                                + " %.2f s%n",
                        round,
                        ours.get(round - 1),
                        objects,
                        checks,
                        floor.get(round - 1));
            }
            double gate = median(ours);
            double kubectl = median(floor);
            String report = String.format(
                    Locale.ROOT,
                    "gate over %,d workloads: median %.2f s; kubectl listing floor median %.2f s; ratio %.2f"
                            + " (target <= 2.0)%n",
                    workloads,
                    gate,
                    kubectl,
                    gate / kubectl);
            System.out.print(report);
            Files.writeString(dir.resolve("gate.txt"), report);
        }
        System.exit(0);
    }

    private static List<GateCheckResult> evaluate(ClusterState state, ClusterStateReader reader) {
        GateContext context = new GateContext(
                "bench",
                "1.31",
                KubernetesVersion.parse("1.31"),
                state,
                reader.data(),
                null,
                Duration.ofHours(24),
                Instant.now(),
                null);
        List<GateCheckResult> results = new ArrayList<>();
        for (GateCheck check : List.of(
                new VersionStepCheck(),
                new VersionSkewCheck(),
                new RemovedApiCheck(),
                new WorkloadAvailabilityCheck(),
                new KubeSystemPodsCheck(),
                new NodeReadyCheck(),
                new ClaimsBoundCheck(),
                new VolumesHealthyCheck(),
                new NodePressureCheck(),
                new DisruptionReadinessCheck())) {
            results.addAll(check.evaluate(context));
        }
        return results;
    }

    private static void seed(KubernetesClient client, int workloads) throws Exception {
        List<ObjectNode> documents = new ArrayList<>();
        for (int n = 0; n < NAMESPACES; n++) {
            ObjectNode namespace =
                    JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            namespace.putObject("metadata").put("name", namespace(n));
            documents.add(namespace);
        }
        int namespaces = documents.size();
        for (int i = 0; i < workloads; i++) {
            boolean stateful = i % 10 == 9;
            String name = (stateful ? "db-" : "web-") + i;
            String ns = namespace(i % NAMESPACES);
            ObjectNode workload = JSON.createObjectNode()
                    .put("apiVersion", "apps/v1")
                    .put("kind", stateful ? "StatefulSet" : "Deployment");
            ObjectNode metadata =
                    workload.putObject("metadata").put("name", name).put("namespace", ns);
            if (i % 7 == 0) {
                metadata.putObject("annotations")
                        .put(
                                "kubectl.kubernetes.io/last-applied-configuration",
                                "{\"apiVersion\":\"apps/v1\",\"kind\":\""
                                        + workload.get("kind").asText() + "\",\"metadata\":{\"name\":\"" + name
                                        + "\"}}");
            }
            ObjectNode spec = workload.putObject("spec").put("replicas", 1);
            spec.putObject("selector").putObject("matchLabels").put("app", name);
            if (stateful) {
                spec.put("serviceName", name);
            }
            ObjectNode template = spec.putObject("template");
            template.putObject("metadata").putObject("labels").put("app", name);
            ObjectNode container = template.putObject("spec")
                    .putArray("containers")
                    .addObject()
                    .put("name", "app")
                    .put("image", "nginx:1.25");
            container
                    .putObject("readinessProbe")
                    .putObject("httpGet")
                    .put("path", "/")
                    .put("port", 80);
            documents.add(workload);
            if (i % 2 == 0) {
                ObjectNode pdb =
                        JSON.createObjectNode().put("apiVersion", "policy/v1").put("kind", "PodDisruptionBudget");
                pdb.putObject("metadata").put("name", name).put("namespace", ns);
                ObjectNode pdbSpec = pdb.putObject("spec").put("maxUnavailable", 1);
                pdbSpec.putObject("selector").putObject("matchLabels").put("app", name);
                documents.add(pdb);
            }
            if (i % 50 == 0) {
                documents.add(kind(
                        ns,
                        "batch/v1",
                        "CronJob",
                        "report-" + i,
                        "{\"schedule\":\"0 1 * * *\","
                                + "\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"OnFailure\","
                                + "\"containers\":[{\"name\":\"r\",\"image\":\"busybox\"}]}}}}}"));
                documents.add(kind(
                        ns,
                        "autoscaling/v2",
                        "HorizontalPodAutoscaler",
                        name,
                        "{\"scaleTargetRef\":"
                                + "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"" + name + "\"},"
                                + "\"minReplicas\":1,\"maxReplicas\":3}"));
                documents.add(kind(
                        ns,
                        "networking.k8s.io/v1",
                        "Ingress",
                        name,
                        "{\"rules\":[{\"host\":\"" + name + ".example.com\"}]}"));
            }
            if (i % 100 == 0) {
                documents.add(JSON.valueToTree(HelmReleases.release(
                        "app-" + i,
                        ns,
                        1,
                        "deployed",
                        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + "}\n")));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (ObjectNode namespace : documents.subList(0, namespaces)) {
                create(client, namespace);
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

    private static ObjectNode kind(String ns, String apiVersion, String kind, String name, String spec)
            throws Exception {
        ObjectNode object =
                JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        object.putObject("metadata").put("name", name).put("namespace", ns);
        object.set("spec", JSON.readTree(spec));
        return object;
    }

    private static void create(KubernetesClient client, ObjectNode document) {
        if (!document.has("apiVersion")) {
            document.put("apiVersion", "v1").put("kind", "Secret");
        }
        GenericKubernetesResource object =
                client.getKubernetesSerialization().convertValue(document, GenericKubernetesResource.class);
        client.resource(object).create();
    }

    private static void kubectl(Path kubeconfig, Path out, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed");
        }
    }

    private static String namespace(int n) {
        return String.format(Locale.ROOT, "team-%02d", n);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
