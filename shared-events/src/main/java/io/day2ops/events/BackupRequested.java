package io.day2ops.events;

import java.util.List;

/**
 * Asks backup-service to back up a cluster, like {@code velero backup create}. Published by scheduler-service when a
 * schedule fires, or by any other system (CI, chat-ops) on {@code day2.backup.requested.v1}.
 *
 * @param name the backup's name, a DNS-1123 subdomain; scheduled backups are named {@code <schedule>-<yyyyMMddHHmmss>}
 *     so that a re-fired request is the same backup
 * @param cluster the logical cluster to back up
 * @param includedNamespaces namespaces to include; empty or {@code *} means all
 * @param excludedNamespaces namespaces to leave out, applied after {@code includedNamespaces}
 * @param includedResources resources to include ({@code deployments}, {@code deployments.apps}, {@code *}); empty
 *     means all
 * @param excludedResources resources to leave out
 * @param labelSelector only objects matching this selector; absent means all
 * @param includeClusterResources {@code true}: all cluster-scoped objects; {@code false}: none; absent: those the
 *     included namespaces need
 * @param storageLocation the named storage location to write to; absent means the service's default
 * @param ttl how long to keep the backup, as a Go duration ({@code 720h}); absent means the service's default
 * @param snapshotVolumes whether to take CSI snapshots of the volumes in scope
 * @param etcdSnapshot whether to also take an etcd snapshot (needs etcd endpoints configured for the cluster)
 * @param schedule the schedule that fired this request, absent for an on-demand backup
 * @param volumeSnapshotClass the VolumeSnapshotClass to snapshot volumes with, for claims whose CSI driver it serves;
 *     absent means the storage location's class, else the driver's default class
 * @param csiSnapshotTimeout how long to wait for each volume snapshot to become ready, as a Go duration; absent
 *     means 10m, as in Velero
 * @param hooks commands run in the backed-up pods before and after their volumes are snapshotted
 * @param orLabelSelectors Velero's: objects matching at least one of these selectors; not together with {@code
 *     labelSelector}
 * @param includedClusterScopedResources Velero's scoped filters (not together with {@code includedResources}, {@code
 *     excludedResources} or {@code includeClusterResources}): cluster-scoped resources backed up whole, {@code *} for
 *     all; absent means only those the namespaced objects need (or, with {@code excludedClusterScopedResources}, all
 *     but the excluded)
 * @param excludedClusterScopedResources cluster-scoped resources never backed up, {@code *} for none at all
 * @param includedNamespaceScopedResources namespaced resources to back up; absent or {@code *} means all
 * @param excludedNamespaceScopedResources namespaced resources to leave out, {@code *} for all
 */
public record BackupRequested(
        String name,
        String cluster,
        List<String> includedNamespaces,
        List<String> excludedNamespaces,
        List<String> includedResources,
        List<String> excludedResources,
        LabelSelector labelSelector,
        Boolean includeClusterResources,
        String storageLocation,
        String ttl,
        Boolean snapshotVolumes,
        Boolean etcdSnapshot,
        String schedule,
        String volumeSnapshotClass,
        String csiSnapshotTimeout,
        BackupHooks hooks,
        List<LabelSelector> orLabelSelectors,
        List<String> includedClusterScopedResources,
        List<String> excludedClusterScopedResources,
        List<String> includedNamespaceScopedResources,
        List<String> excludedNamespaceScopedResources)
        implements Day2Event {

    /** A request without Velero's {@code orLabelSelectors} and scoped resource filters. */
    public BackupRequested(
            String name,
            String cluster,
            List<String> includedNamespaces,
            List<String> excludedNamespaces,
            List<String> includedResources,
            List<String> excludedResources,
            LabelSelector labelSelector,
            Boolean includeClusterResources,
            String storageLocation,
            String ttl,
            Boolean snapshotVolumes,
            Boolean etcdSnapshot,
            String schedule,
            String volumeSnapshotClass,
            String csiSnapshotTimeout,
            BackupHooks hooks) {
        this(
                name,
                cluster,
                includedNamespaces,
                excludedNamespaces,
                includedResources,
                excludedResources,
                labelSelector,
                includeClusterResources,
                storageLocation,
                ttl,
                snapshotVolumes,
                etcdSnapshot,
                schedule,
                volumeSnapshotClass,
                csiSnapshotTimeout,
                hooks,
                null,
                null,
                null,
                null,
                null);
    }

    public BackupRequested {
        includedNamespaces = includedNamespaces == null ? List.of() : List.copyOf(includedNamespaces);
        excludedNamespaces = excludedNamespaces == null ? List.of() : List.copyOf(excludedNamespaces);
        includedResources = includedResources == null ? List.of() : List.copyOf(includedResources);
        excludedResources = excludedResources == null ? List.of() : List.copyOf(excludedResources);
        orLabelSelectors = orLabelSelectors == null ? List.of() : List.copyOf(orLabelSelectors);
        includedClusterScopedResources = copy(includedClusterScopedResources);
        excludedClusterScopedResources = copy(excludedClusterScopedResources);
        includedNamespaceScopedResources = copy(includedNamespaceScopedResources);
        excludedNamespaceScopedResources = copy(excludedNamespaceScopedResources);
    }

    /** Whether Velero's scoped resource filters are used (instead of includedResources/excludedResources). */
    public boolean scopedResourceFilters() {
        return !includedClusterScopedResources.isEmpty()
                || !excludedClusterScopedResources.isEmpty()
                || !includedNamespaceScopedResources.isEmpty()
                || !excludedNamespaceScopedResources.isEmpty();
    }

    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    @Override
    public String subject() {
        return name;
    }

    /** A request for {@code name} of {@code cluster}, every other field absent until set. */
    public static Builder builder(String name, String cluster) {
        return new Builder(name, cluster);
    }

    /** Builds requests without naming every optional field; new optional fields do not break callers. */
    public static final class Builder {
        private final String name;
        private final String cluster;
        private List<String> includedNamespaces;
        private String storageLocation;
        private String ttl;
        private String schedule;

        private Builder(String name, String cluster) {
            this.name = name;
            this.cluster = cluster;
        }

        public Builder includedNamespaces(List<String> namespaces) {
            this.includedNamespaces = namespaces;
            return this;
        }

        public Builder storageLocation(String location) {
            this.storageLocation = location;
            return this;
        }

        public Builder ttl(String ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder schedule(String schedule) {
            this.schedule = schedule;
            return this;
        }

        public BackupRequested build() {
            return new BackupRequested(
                    name,
                    cluster,
                    includedNamespaces,
                    null,
                    null,
                    null,
                    null,
                    null,
                    storageLocation,
                    ttl,
                    null,
                    null,
                    schedule,
                    null,
                    null,
                    null);
        }
    }
}
