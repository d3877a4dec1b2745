package io.day2ops.events;

import java.util.List;
import java.util.Map;

/**
 * Asks backup-service to restore a backup into a cluster, like {@code velero restore create --from-backup}.
 *
 * @param name the restore's name, a DNS-1123 subdomain
 * @param cluster the cluster to restore into (the backup may come from another one)
 * @param backupName the backup to restore from
 * @param includedNamespaces namespaces of the backup to restore; empty or {@code *} means all
 * @param excludedNamespaces namespaces to leave out
 * @param includedResources resources to restore; empty means all
 * @param excludedResources resources to leave out
 * @param namespaceMapping backed-up namespace to the namespace to restore it into
 * @param labelSelector only objects matching this selector
 * @param existingResourcePolicy what to do with an object that already exists: {@code none} (skip and count the
 *     conflict, the default) or {@code update} (patch it to the backed-up state)
 * @param dryRun plan and verify only; apply nothing
 * @param preserveNodePorts keep Service node ports instead of letting the target cluster assign new ones
 * @param drillName the drill this restore serves, if any, so dr-service can match the answer
 */
public record RestoreRequested(
        String name,
        String cluster,
        String backupName,
        List<String> includedNamespaces,
        List<String> excludedNamespaces,
        List<String> includedResources,
        List<String> excludedResources,
        Map<String, String> namespaceMapping,
        LabelSelector labelSelector,
        String existingResourcePolicy,
        Boolean dryRun,
        Boolean preserveNodePorts,
        String drillName)
        implements Day2Event {

    public RestoreRequested {
        includedNamespaces = includedNamespaces == null ? List.of() : List.copyOf(includedNamespaces);
        excludedNamespaces = excludedNamespaces == null ? List.of() : List.copyOf(excludedNamespaces);
        includedResources = includedResources == null ? List.of() : List.copyOf(includedResources);
        excludedResources = excludedResources == null ? List.of() : List.copyOf(excludedResources);
        namespaceMapping = namespaceMapping == null ? Map.of() : Map.copyOf(namespaceMapping);
    }

    @Override
    public String subject() {
        return name;
    }
}
