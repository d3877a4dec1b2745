package io.day2ops.backup.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.HookResult;
import io.day2ops.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hook runs at most {@code day2.backup.hooks.max-timeout}, whatever its own timeout asks, and says so when it is
 * stopped there; within the maximum, its own timeout holds. Against a sandbox pod whose command takes 3 s.
 */
class HookTimeoutTest {

    private static SandboxCluster cluster;
    private static KubernetesClient client;
    private static JsonNode pod;

    @BeforeAll
    static void slowPod() {
        cluster = SandboxCluster.start("hooks", 0, 10);
        client = cluster.client();
        Pod created = client.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("db-0")
                        .withNamespace("default")
                        .addToAnnotations(
                                SandboxCluster.EXEC_SCRIPT, "[{\"match\": \"backup-now\", \"delayMillis\": 3000}]")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("db")
                        .withImage("postgres:16")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        pod = Json.MAPPER.valueToTree(created);
    }

    @AfterAll
    static void close() {
        cluster.close(); // closes its client too
    }

    @Test
    void aHookAskingMoreThanTheServiceMaximumIsStoppedThereSayingSo() throws Exception {
        HookExecutor executor = new HookExecutor(client, new HookPolicy(true, List.of(), Duration.ofMillis(500)));

        HookResult result = executor.run(pod, spec(Duration.ofHours(2)));

        assertThat(result.outcome()).isEqualTo("TimedOut");
        assertThat(executor.kept().get(0).output())
                .contains("timed out after PT0.5S (its timeout PT2H capped by day2.backup.hooks.max-timeout)");
    }

    @Test
    void withinTheMaximumTheHooksOwnTimeoutHolds() throws Exception {
        HookExecutor executor = new HookExecutor(client, new HookPolicy(true, List.of(), Duration.ofMinutes(30)));

        assertThat(executor.run(pod, spec(Duration.ofMillis(500))).outcome()).isEqualTo("TimedOut");
        assertThat(executor.kept().get(0).output())
                .contains("timed out after PT0.5S")
                .doesNotContain("capped");
        assertThat(executor.run(pod, spec(Duration.ofSeconds(30))).outcome()).isEqualTo("Succeeded");
    }

    private static ExecSpec spec(Duration timeout) {
        return new ExecSpec(
                "dump", "pre", "db", List.of("/bin/sh", "-c", "backup-now"), true, timeout, Duration.ZERO, false);
    }
}
