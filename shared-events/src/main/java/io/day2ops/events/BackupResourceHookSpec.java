package io.day2ops.events;

import java.util.List;

/**
 * Hooks for the pods a backup captures that match these filters, as Velero's {@code BackupResourceHookSpec}: the
 * {@code pre} steps run in each matching pod before its volumes are snapshotted, the {@code post} steps right after the
 * snapshots were cut. Pods can also declare hooks with Velero's annotations ({@code pre.hook.backup.velero.io/command}
 * and friends); a pod's annotations win over the request.
 *
 * @param name the hook's name, reported with its results
 * @param includedNamespaces namespaces whose pods it applies to; empty means every namespace of the backup
 * @param excludedNamespaces namespaces whose pods it does not apply to
 * @param labelSelector only pods matching this selector
 * @param pre steps run before the pod's volumes are snapshotted, in order
 * @param post steps run after the snapshots were cut, in order
 * @param includedResources Velero's: resources the hook applies to; hooks run in pods, so a list without {@code pods}
 *     means the hook never runs; empty means all
 * @param excludedResources resources the hook does not apply to; with {@code pods} the hook never runs
 */
public record BackupResourceHookSpec(
        String name,
        List<String> includedNamespaces,
        List<String> excludedNamespaces,
        LabelSelector labelSelector,
        List<BackupResourceHook> pre,
        List<BackupResourceHook> post,
        List<String> includedResources,
        List<String> excludedResources) {

    /** A hook spec without resource filters: it applies to every pod its namespaces and selector match. */
    public BackupResourceHookSpec(
            String name,
            List<String> includedNamespaces,
            List<String> excludedNamespaces,
            LabelSelector labelSelector,
            List<BackupResourceHook> pre,
            List<BackupResourceHook> post) {
        this(name, includedNamespaces, excludedNamespaces, labelSelector, pre, post, null, null);
    }

    public BackupResourceHookSpec {
        includedResources = includedResources == null ? List.of() : List.copyOf(includedResources);
        excludedResources = excludedResources == null ? List.of() : List.copyOf(excludedResources);
        includedNamespaces = includedNamespaces == null ? List.of() : List.copyOf(includedNamespaces);
        excludedNamespaces = excludedNamespaces == null ? List.of() : List.copyOf(excludedNamespaces);
        pre = pre == null ? List.of() : List.copyOf(pre);
        post = post == null ? List.of() : List.copyOf(post);
    }
}
