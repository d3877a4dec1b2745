package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.hooks.ExecSpec;
import io.day2ops.backup.hooks.HookExecutor;
import io.day2ops.backup.hooks.HookPolicy;
import io.day2ops.backup.hooks.PodHooks;
import io.day2ops.events.ExecRestoreHook;
import io.day2ops.events.GoDuration;
import io.day2ops.events.HookResult;
import io.day2ops.events.RestoreHooks;
import io.day2ops.events.RestoreResourceHook;
import io.day2ops.events.RestoreResourceHookSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Exec restore hooks, run once the restore has applied everything: in every pod of the restored namespaces that a
 * request hook spec selects (filters as backed up, before namespace mapping) or that carries {@code
 * post.hook.restore.velero.io/command}, after the namespace's Deployments and StatefulSets are Ready and the pod is
 * Ready, within the hook's {@code waitTimeout}. Blocking.
 */
final class PostRestoreHooks {

    private static final String PREFIX = "post.hook.restore.velero.io/";
    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final HookExecutor executor;

    PostRestoreHooks(KubernetesClient client, HookPolicy redaction) {
        this.client = client;
        this.executor = new HookExecutor(client, redaction);
    }

    /** @param namespaces target namespace to the backed-up namespace it was restored from */
    List<HookResult> run(RestoreHooks hooks, Map<String, String> namespaces) throws InterruptedException {
        List<HookResult> results = new ArrayList<>();
        for (Map.Entry<String, String> namespace : namespaces.entrySet()) {
            boolean anySpec = hooks != null
                    && hooks.resources().stream()
                            .anyMatch(spec -> spec.postHooks().stream().anyMatch(step -> step.exec() != null));
            List<JsonNode> pods = pods(namespace.getKey());
            boolean anyAnnotated = pods.stream()
                    .anyMatch(p -> p.path("metadata").path("annotations").has(PREFIX + "command"));
            if (!anySpec && !anyAnnotated) {
                continue;
            }
            Instant deadline = Instant.now().plus(longestWait(hooks));
            awaitWorkloads(namespace.getKey(), deadline);
            for (JsonNode pod : pods(namespace.getKey())) {
                for (ExecSpec spec : specs(pod, hooks, namespace.getValue())) {
                    HookResult result =
                            awaitReady(pod, spec) ? executor.run(pod, spec) : executor.publishable(notReady(pod, spec));
                    results.add(result);
                }
            }
        }
        return results;
    }

    private List<ExecSpec> specs(JsonNode pod, RestoreHooks hooks, String sourceNamespace) {
        JsonNode annotations = pod.path("metadata").path("annotations");
        if (annotations.has(PREFIX + "command")) {
            return List.of(new ExecSpec(
                    PodHooks.ANNOTATED,
                    "exec",
                    annotations.path(PREFIX + "container").asText(null),
                    PodHooks.command(annotations.path(PREFIX + "command").asText()),
                    "Fail"
                            .equalsIgnoreCase(
                                    annotations.path(PREFIX + "on-error").asText("Continue")),
                    PodHooks.duration(annotations.path(PREFIX + "exec-timeout").asText(null), Duration.ofSeconds(30)),
                    PodHooks.duration(annotations.path(PREFIX + "wait-timeout").asText(null), DEFAULT_WAIT),
                    annotations
                            .path(ExecSpec.PUBLISH_OUTPUT_ANNOTATION)
                            .asText()
                            .equalsIgnoreCase("true")));
        }
        List<ExecSpec> specs = new ArrayList<>();
        for (RestoreResourceHookSpec spec : PodHooks.forRestore(hooks, pod, sourceNamespace)) {
            for (RestoreResourceHook step : spec.postHooks()) {
                ExecRestoreHook exec = step.exec();
                if (exec != null) {
                    specs.add(new ExecSpec(
                            spec.name(),
                            "exec",
                            exec.container(),
                            exec.command(),
                            "Fail".equals(exec.onError()),
                            PodHooks.duration(exec.execTimeout(), Duration.ofSeconds(30)),
                            PodHooks.duration(exec.waitTimeout(), DEFAULT_WAIT),
                            Boolean.TRUE.equals(exec.publishOutput())));
                }
            }
        }
        return specs;
    }

    /** Waits until the namespace's Deployments and StatefulSets have all their replicas ready, or the deadline. */
    private void awaitWorkloads(String namespace, Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            boolean deploymentsReady = client.apps().deployments().inNamespace(namespace).list().getItems().stream()
                    .allMatch(d -> ready(
                            d.getSpec().getReplicas(),
                            d.getStatus() == null ? null : d.getStatus().getReadyReplicas()));
            boolean setsReady = client.apps().statefulSets().inNamespace(namespace).list().getItems().stream()
                    .allMatch(s -> ready(
                            s.getSpec().getReplicas(),
                            s.getStatus() == null ? null : s.getStatus().getReadyReplicas()));
            if (deploymentsReady && setsReady) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private boolean awaitReady(JsonNode pod, ExecSpec spec) throws InterruptedException {
        Instant deadline = Instant.now().plus(spec.waitTimeout());
        String namespace = pod.path("metadata").path("namespace").asText();
        String name = pod.path("metadata").path("name").asText();
        while (true) {
            var live = client.pods().inNamespace(namespace).withName(name).get();
            if (live != null
                    && live.getStatus() != null
                    && live.getStatus().getConditions() != null
                    && live.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                return true;
            }
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(200);
        }
    }

    private static HookResult notReady(JsonNode pod, ExecSpec spec) {
        return new HookResult(
                spec.hook(),
                spec.phase(),
                pod.path("metadata").path("namespace").asText(),
                pod.path("metadata").path("name").asText(),
                spec.container(),
                spec.command(),
                null,
                "TimedOut",
                spec.onError(),
                "the pod was not Ready within waitTimeout " + spec.waitTimeout());
    }

    private List<JsonNode> pods(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .map(p -> (JsonNode) Json.MAPPER.valueToTree(p))
                .toList();
    }

    private static Duration longestWait(RestoreHooks hooks) {
        Duration longest = null;
        if (hooks != null) {
            for (RestoreResourceHookSpec spec : hooks.resources()) {
                for (RestoreResourceHook step : spec.postHooks()) {
                    if (step.exec() != null && step.exec().waitTimeout() != null) {
                        Duration wait = GoDuration.parse(step.exec().waitTimeout());
                        longest = longest == null || wait.compareTo(longest) > 0 ? wait : longest;
                    }
                }
            }
        }
        return longest == null ? DEFAULT_WAIT : longest;
    }

    private static boolean ready(Integer wanted, Integer ready) {
        return (wanted == null ? 1 : wanted) <= (ready == null ? 0 : ready);
    }
}
