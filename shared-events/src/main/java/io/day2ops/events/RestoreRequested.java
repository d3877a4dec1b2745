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
 *     conflict, the default), {@code update} (patch it to the backed-up state) or {@code recreate} (delete it and
 *     create it from the backup; refused for claims, volumes and namespaces, whose deletion loses data)
 * @param dryRun plan and verify only; apply nothing
 * @param preserveNodePorts keep Service node ports instead of letting the target cluster assign new ones
 * @param drillName the drill this restore serves, if any, so dr-service can match the answer
 * @param storageClassMapping storage class of the backup to the storage class to use in the target, for clusters
 *     whose classes differ; applies to PersistentVolumeClaims and StatefulSet volume claim templates
 * @param restorePVs whether claims with a volume snapshot in the backup are recreated from it (the default); with
 *     {@code false} they are restored empty
 * @param hooks init containers and commands for the restored pods
 * @param scheduleName Velero's: without {@code backupName}, the newest Completed backup of this schedule is restored
 *     (resolved when the request arrives)
 * @param orLabelSelectors Velero's: only objects matching at least one of these selectors; not together with {@code
 *     labelSelector}
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
        String drillName,
        Map<String, String> storageClassMapping,
        Boolean restorePVs,
        RestoreHooks hooks,
        String scheduleName,
        List<LabelSelector> orLabelSelectors)
        implements Day2Event {

    /** A restore of a named backup or of a schedule's newest one, without {@code orLabelSelectors}. */
    public RestoreRequested(
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
            String drillName,
            Map<String, String> storageClassMapping,
            Boolean restorePVs,
            RestoreHooks hooks,
            String scheduleName) {
        this(
                name,
                cluster,
                backupName,
                includedNamespaces,
                excludedNamespaces,
                includedResources,
                excludedResources,
                namespaceMapping,
                labelSelector,
                existingResourcePolicy,
                dryRun,
                preserveNodePorts,
                drillName,
                storageClassMapping,
                restorePVs,
                hooks,
                scheduleName,
                null);
    }

    /** A restore of a named backup. */
    public RestoreRequested(
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
            String drillName,
            Map<String, String> storageClassMapping,
            Boolean restorePVs,
            RestoreHooks hooks) {
        this(
                name,
                cluster,
                backupName,
                includedNamespaces,
                excludedNamespaces,
                includedResources,
                excludedResources,
                namespaceMapping,
                labelSelector,
                existingResourcePolicy,
                dryRun,
                preserveNodePorts,
                drillName,
                storageClassMapping,
                restorePVs,
                hooks,
                null);
    }

    public RestoreRequested {
        includedNamespaces = includedNamespaces == null ? List.of() : List.copyOf(includedNamespaces);
        excludedNamespaces = excludedNamespaces == null ? List.of() : List.copyOf(excludedNamespaces);
        includedResources = includedResources == null ? List.of() : List.copyOf(includedResources);
        excludedResources = excludedResources == null ? List.of() : List.copyOf(excludedResources);
        namespaceMapping = namespaceMapping == null ? Map.of() : Map.copyOf(namespaceMapping);
        storageClassMapping = storageClassMapping == null ? Map.of() : Map.copyOf(storageClassMapping);
        orLabelSelectors = orLabelSelectors == null ? List.of() : List.copyOf(orLabelSelectors);
    }

    @Override
    public String subject() {
        return name;
    }
}
