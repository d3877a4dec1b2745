package io.day2ops.backup.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.events.HookResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs hook commands in pods through the exec API, with their timeout, and reports what they did: {@link #run} answers
 * what may be published ({@link HookPolicy}), {@link #kept()} every result whole, for a place that encrypts it.
 * Blocking.
 */
public final class HookExecutor {

    /** Output kept per hook: the end of it, where the error usually is. */
    static final int MAX_OUTPUT = 4096;

    private final KubernetesClient client;
    private final HookPolicy policy;
    private final List<HookResult> kept = new ArrayList<>();

    public HookExecutor(KubernetesClient client, HookPolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    /** Every result this executor produced, unredacted and with its output: only for encrypted storage. */
    public synchronized List<HookResult> kept() {
        return List.copyOf(kept);
    }

    /** What of a result made elsewhere (a hook that could not run) may be published: its output is ours. */
    public HookResult publishable(HookResult result) {
        synchronized (this) {
            kept.add(result);
        }
        return policy.published(result, true);
    }

    /**
     * Runs {@code spec} in {@code pod} (namespace and name from its metadata); answers what may be published: the
     * command redacted, the output only when the hook opted in.
     */
    public HookResult run(JsonNode pod, ExecSpec spec) throws InterruptedException {
        String namespace = pod.path("metadata").path("namespace").asText();
        String name = pod.path("metadata").path("name").asText();
        String container = spec.container() != null && !spec.container().isBlank()
                ? spec.container()
                : pod.path("spec").path("containers").path(0).path("name").asText();
        if (!policy.enabled()) {
            return publishable(new HookResult(
                    spec.hook(),
                    spec.phase(),
                    namespace,
                    name,
                    container,
                    spec.command(),
                    null,
                    "Failed",
                    spec.onError(),
                    HookPolicy.DISABLED));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the hook's own timeout, capped by the service's maximum
        java.time.Duration timeout =
                spec.timeout().compareTo(policy.maxTimeout()) > 0 ? policy.maxTimeout() : spec.timeout();
        Integer exitCode = null;
        String outcome;
        String problem = "";
        try (ExecWatch watch = client.pods()
                .inNamespace(namespace)
                .withName(name)
                .inContainer(container)
                .writingOutput(out)
                .writingError(err)
                .exec(spec.command().toArray(String[]::new))) {
            exitCode = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            outcome = exitCode != null && exitCode == 0 ? "Succeeded" : "Failed";
        } catch (TimeoutException e) {
            outcome = "TimedOut";
            problem = "timed out after " + timeout
                    + (timeout.equals(spec.timeout())
                            ? ""
                            : " (its timeout " + spec.timeout() + " capped by day2.backup.hooks.max-timeout)");
        } catch (ExecutionException | KubernetesClientException e) {
            outcome = "Failed";
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            problem = "could not exec in " + namespace + "/" + name + " container " + container + ": "
                    + cause.getMessage();
        }
        String output = (out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8) + problem).trim();
        if (output.length() > MAX_OUTPUT) {
            output = "…" + output.substring(output.length() - MAX_OUTPUT + 1);
        }
        HookResult result = new HookResult(
                spec.hook(),
                spec.phase(),
                namespace,
                name,
                container,
                spec.command(),
                exitCode,
                outcome,
                spec.onError(),
                output);
        synchronized (this) {
            kept.add(result);
        }
        return policy.published(result, spec.publishOutput());
    }

    /** One line for a log: which hook, where, and how it ended. */
    public static String describe(HookResult result) {
        return result.phase() + " hook " + result.hook() + " in " + result.namespace() + "/" + result.pod()
                + " container " + result.container() + ": " + String.join(" ", result.command()) + " -> "
                + result.outcome()
                + (result.exitCode() == null ? "" : " (exit code " + result.exitCode() + ")")
                + (result.output().isEmpty() ? "" : ", output: " + result.output());
    }
}
