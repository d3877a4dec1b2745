package io.day2ops.backup.hooks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.ApiResource;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.domain.LabelSelectors;
import io.day2ops.backup.domain.ResourceFilter;
import io.day2ops.events.BackupHooks;
import io.day2ops.events.BackupResourceHook;
import io.day2ops.events.BackupResourceHookSpec;
import io.day2ops.events.ExecHook;
import io.day2ops.events.GoDuration;
import io.day2ops.events.RestoreHooks;
import io.day2ops.events.RestoreResourceHookSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which backup hooks run in a pod, as Velero decides: the pod's own annotations ({@code
 * pre.hook.backup.velero.io/command}, {@code …/container}, {@code …/on-error}, {@code …/timeout}, and the same with
 * {@code post.}) when it has them for that phase, else every hook spec of the request whose namespaces and label
 * selector match the pod. Plain Java.
 */
public final class PodHooks {

    private static final ApiResource PODS =
            new ApiResource("", "v1", "pods", "Pod", true, List.of("po"), List.of("get", "list"));

    /** The hook name reported for hooks declared by pod annotations. */
    public static final String ANNOTATED = "<pod annotation>";

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private PodHooks() {}

    /** Whether the pod declares backup hooks with Velero's annotations. */
    public static boolean annotated(JsonNode pod) {
        JsonNode annotations = pod.path("metadata").path("annotations");
        return annotations.has("pre.hook.backup.velero.io/command")
                || annotations.has("post.hook.backup.velero.io/command");
    }

    /** The {@code pre} or {@code post} commands for {@code pod}, in order. */
    public static List<ExecSpec> forBackup(JsonNode pod, BackupHooks hooks, String phase) {
        Map<String, String> annotations = annotations(pod);
        String prefix = phase + ".hook.backup.velero.io/";
        String annotated = annotations.get(prefix + "command");
        if (annotated != null) {
            return List.of(new ExecSpec(
                    ANNOTATED,
                    phase,
                    annotations.get(prefix + "container"),
                    command(annotated),
                    !"Continue".equalsIgnoreCase(annotations.getOrDefault(prefix + "on-error", "Fail")),
                    duration(annotations.get(prefix + "timeout"), DEFAULT_TIMEOUT),
                    null,
                    "true".equalsIgnoreCase(annotations.get(ExecSpec.PUBLISH_OUTPUT_ANNOTATION))));
        }
        List<ExecSpec> specs = new ArrayList<>();
        if (hooks == null) {
            return specs;
        }
        for (BackupResourceHookSpec spec : hooks.resources()) {
            if (!applies(spec.includedNamespaces(), spec.excludedNamespaces(), spec.labelSelector(), pod)
                    || !appliesToPods(spec.includedResources(), spec.excludedResources())) {
                continue;
            }
            for (BackupResourceHook step : phase.equals("pre") ? spec.pre() : spec.post()) {
                ExecHook exec = step.exec();
                if (exec == null) {
                    continue;
                }
                specs.add(new ExecSpec(
                        spec.name(),
                        phase,
                        exec.container(),
                        exec.command(),
                        !"Continue".equals(exec.onError()),
                        duration(exec.timeout(), DEFAULT_TIMEOUT),
                        null,
                        Boolean.TRUE.equals(exec.publishOutput())));
            }
        }
        return specs;
    }

    /**
     * The restore hook specs that select a restored pod, by its labels and the namespace it was backed up from
     * (restore hook filters name the backup's namespaces, before {@code namespaceMapping}).
     */
    public static List<RestoreResourceHookSpec> forRestore(RestoreHooks hooks, JsonNode pod, String sourceNamespace) {
        if (hooks == null) {
            return List.of();
        }
        ObjectNode asBackedUp = pod.deepCopy();
        asBackedUp.with("metadata").put("namespace", sourceNamespace);
        return hooks.resources().stream()
                .filter(spec ->
                        applies(spec.includedNamespaces(), spec.excludedNamespaces(), spec.labelSelector(), asBackedUp)
                                && appliesToPods(spec.includedResources(), spec.excludedResources()))
                .toList();
    }

    /** Whether a hook spec's filters select the pod. */
    public static boolean applies(
            List<String> included, List<String> excluded, io.day2ops.events.LabelSelector selector, JsonNode pod) {
        String namespace = pod.path("metadata").path("namespace").asText();
        boolean inNamespaces = new ResourceFilter(included, excluded, null, null).includesNamespace(namespace);
        return inNamespaces && (selector == null || LabelSelectors.matches(selector, LabelSelectors.labelsOf(pod)));
    }

    /**
     * Whether a hook spec's resource filters (Velero's {@code includedResources}/{@code excludedResources}) take in
     * pods, where hooks run: a hook limited to other kinds never runs.
     */
    public static boolean appliesToPods(List<String> included, List<String> excluded) {
        return new ResourceFilter(null, null, included, excluded).includesResource(PODS) && !excluded.contains("*");
    }

    /** Velero's annotation value: a JSON array of strings, or one command word. */
    public static List<String> command(String value) {
        String trimmed = value.trim();
        if (trimmed.startsWith("[")) {
            try {
                return List.copyOf(Json.MAPPER.readValue(trimmed, new TypeReference<List<String>>() {}));
            } catch (IOException e) {
                throw new IllegalArgumentException("hook command " + value + " is not a JSON array of strings");
            }
        }
        return List.of(trimmed);
    }

    /** A Go duration, or {@code fallback} when absent. */
    public static Duration duration(String value, Duration fallback) {
        return value == null || value.isBlank() ? fallback : GoDuration.parse(value.trim());
    }

    static Map<String, String> annotations(JsonNode object) {
        JsonNode node = object.path("metadata").path("annotations");
        return node.isObject() ? Json.MAPPER.convertValue(node, new TypeReference<Map<String, String>>() {}) : Map.of();
    }
}
