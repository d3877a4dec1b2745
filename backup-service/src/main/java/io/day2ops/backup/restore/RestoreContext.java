package io.day2ops.backup.restore;

import io.day2ops.events.HookResult;
import io.day2ops.events.RestoreRequested;
import io.day2ops.events.VolumeSnapshotInfo;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One restore as its item actions see it: the request, the target cluster, the backup's volume snapshots, and where
 * actions report what they did. Actions are shared beans; everything that belongs to one restore lives here.
 */
public final class RestoreContext {

    private final RestoreRequested request;
    private final KubernetesClient client;
    private final boolean dryRun;
    private final Map<String, VolumeSnapshotInfo> snapshots = new HashMap<>();
    private final List<HookResult> hookResults = new ArrayList<>();
    private final AtomicInteger volumesRestored = new AtomicInteger();
    private final DrillNamespaces drillNamespaces;
    private final java.util.Set<String> namespacesReady = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param snapshots the backup's volume snapshots to restore claims from (none with {@code restorePVs: false})
     * @param drillNamespaces for a drill's or failover's restore, the namespaces it may restore into; else null
     */
    public RestoreContext(
            RestoreRequested request,
            KubernetesClient client,
            boolean dryRun,
            List<VolumeSnapshotInfo> snapshots,
            DrillNamespaces drillNamespaces) {
        this.request = request;
        this.drillNamespaces = drillNamespaces;
        this.client = client;
        this.dryRun = dryRun;
        snapshots.forEach(s -> this.snapshots.put(s.namespace() + "/" + s.persistentVolumeClaim(), s));
    }

    public RestoreRequested request() {
        return request;
    }

    /** For a drill's or failover's restore, the guard of the namespaces it restores into; null otherwise. */
    public DrillNamespaces drillNamespaces() {
        return drillNamespaces;
    }

    /** The target cluster. */
    public KubernetesClient client() {
        return client;
    }

    /** Whether nothing may be changed in the target cluster. */
    public boolean dryRun() {
        return dryRun;
    }

    /** The namespace {@code namespace} of the backup is restored into. */
    public String map(String namespace) {
        Map<String, String> mapping = request.namespaceMapping();
        return namespace == null || mapping == null ? namespace : mapping.getOrDefault(namespace, namespace);
    }

    /** The volume snapshot the backup took of claim {@code namespace/claim}, or null. */
    public VolumeSnapshotInfo snapshotOf(String namespace, String claim) {
        return snapshots.get(namespace + "/" + claim);
    }

    public boolean hasSnapshots() {
        return !snapshots.isEmpty();
    }

    /** Records what a restore hook did. */
    public synchronized void hookRan(HookResult result) {
        hookResults.add(result);
    }

    public synchronized List<HookResult> hookResults() {
        return List.copyOf(hookResults);
    }

    /** Counts a claim set to be provisioned from its snapshot. */
    public void volumeRestored() {
        volumesRestored.incrementAndGet();
    }

    public int volumesRestored() {
        return volumesRestored.get();
    }

    /** Creates {@code namespace} unless it exists (once per restore); a drill's namespaces are marked as its. */
    void ensureNamespace(String namespace) {
        if (namespacesReady.contains(namespace)) {
            return;
        }
        try {
            Namespace created = new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(namespace)
                    .endMetadata()
                    .build();
            if (drillNamespaces != null) {
                drillNamespaces.mark(created.getMetadata());
            }
            client.namespaces().resource(created).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        namespacesReady.add(namespace);
    }
}
