package io.day2ops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl (on this machine, 1.32) against the sandboxes: get, apply, describe, drain, delete. */
class KubectlOnSandboxTest {

    private static List<SandboxCluster> clusters;
    private static Path kubeconfig;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        clusters = Sandboxes.start(0, 0, 10);
        kubeconfig = Kubeconfigs.write(dir.resolve("kubeconfig"), clusters);
        SandboxClusterTest.await(
                "critical-app ready",
                () -> kubectl("get", "deploy", "critical-app", "-o", "jsonpath={.status.availableReplicas}")
                        .equals("3"));
    }

    @AfterAll
    static void stop() {
        clusters.forEach(SandboxCluster::close);
    }

    @Test
    void getListsTheLabsWorkloadsInBothContexts() {
        assertThat(kubectl("get", "deploy", "-A")).contains("critical-app", "coredns");
        assertThat(kubectl("get", "pdb", "critical-app-pdb", "-o", "jsonpath={.spec.minAvailable}"))
                .isEqualTo("2");
        assertThat(kubectl("--context", "standby", "get", "nodes", "-o", "name"))
                .contains("node/standby-worker-1");
        assertThat(kubectl("--context", "standby", "get", "deploy", "-A")).contains("No resources found");
        assertThat(kubectl("api-resources")).contains("deployments", "deploy", "poddisruptionbudgets", "pdb");
    }

    @Test
    void applyCreatesThenPatchesAndDeleteRemoves() throws IOException {
        Path manifest = dir.resolve("web.yaml");
        Files.writeString(manifest, web("nginx:1.25", "1"));
        assertThat(kubectl("apply", "-f", manifest.toString())).contains("deployment.apps/web created");
        Files.writeString(manifest, web("nginx:1.27", "2"));
        assertThat(kubectl("apply", "-f", manifest.toString())).contains("deployment.apps/web configured");

        assertThat(kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("nginx:1.27");
        assertThat(kubectl("get", "deploy", "web", "-o", "jsonpath={.metadata.generation}"))
                .isEqualTo("2");
        assertThat(kubectl("get", "cm", "web-config", "-o", "jsonpath={.data.level}"))
                .isEqualTo("2");
        assertThat(kubectl("describe", "deploy", "web")).contains("Name:", "web", "nginx:1.27");

        assertThat(kubectl("delete", "-f", manifest.toString(), "--wait=false"))
                .contains("deployment.apps \"web\" deleted");
        assertThat(kubectl("get", "deploy", "web", "--ignore-not-found")).isEmpty();
    }

    @Test
    void drainEvictsThroughThePdbAndTheAppStaysAvailable() {
        String node = kubectl("get", "pods", "-l", "app=critical-app", "-o", "jsonpath={.items[0].spec.nodeName}");

        String out = kubectl("drain", node, "--ignore-daemonsets", "--timeout=60s");

        assertThat(out).contains("node/" + node + " drained");
        assertThat(kubectl("get", "pods", "-A", "--field-selector", "spec.nodeName=" + node, "-o", "name"))
                .doesNotContain("critical-app");
        SandboxClusterTest.await(
                "critical-app back to 3",
                () -> kubectl("get", "deploy", "critical-app", "-o", "jsonpath={.status.availableReplicas}")
                        .equals("3"));
        kubectl("uncordon", node);
    }

    private static String web(String image, String level) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: default}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: "%s"}]
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: web-config, namespace: default}
                data: {level: "%s"}
                """.formatted(image, level);
    }

    static String kubectl(String... args) {
        return new Kubectl(kubeconfig).run(args);
    }
}
