package io.day2ops.events;

import java.util.List;

/**
 * Hooks for the restored pods that match these filters, as Velero's {@code RestoreResourceHookSpec}. Namespaces are
 * those of the backup (before {@code namespaceMapping}). Pods can also declare them with Velero's annotations
 * ({@code post.hook.restore.velero.io/command}, {@code init.hook.restore.velero.io/container-image} and friends).
 *
 * @param name the hook's name, reported with its results
 * @param includedNamespaces backed-up namespaces whose pods it applies to; empty means all
 * @param excludedNamespaces backed-up namespaces whose pods it does not apply to
 * @param labelSelector only pods matching this selector
 * @param postHooks the steps, in order
 * @param includedResources Velero's: resources the hook applies to; hooks run in pods, so a list without {@code pods}
 *     means the hook never runs; empty means all
 * @param excludedResources resources the hook does not apply to; with {@code pods} the hook never runs
 */
public record RestoreResourceHookSpec(
        String name,
        List<String> includedNamespaces,
        List<String> excludedNamespaces,
        LabelSelector labelSelector,
        List<RestoreResourceHook> postHooks,
        List<String> includedResources,
        List<String> excludedResources) {

    /** A hook spec without resource filters: it applies to every pod its namespaces and selector match. */
    public RestoreResourceHookSpec(
            String name,
            List<String> includedNamespaces,
            List<String> excludedNamespaces,
            LabelSelector labelSelector,
            List<RestoreResourceHook> postHooks) {
        this(name, includedNamespaces, excludedNamespaces, labelSelector, postHooks, null, null);
    }

    public RestoreResourceHookSpec {
        includedResources = includedResources == null ? List.of() : List.copyOf(includedResources);
        excludedResources = excludedResources == null ? List.of() : List.copyOf(excludedResources);
        includedNamespaces = includedNamespaces == null ? List.of() : List.copyOf(includedNamespaces);
        excludedNamespaces = excludedNamespaces == null ? List.of() : List.copyOf(excludedNamespaces);
        postHooks = postHooks == null ? List.of() : List.copyOf(postHooks);
    }
}
