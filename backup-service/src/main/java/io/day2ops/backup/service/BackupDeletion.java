package io.day2ops.backup.service;

import io.day2ops.backup.repository.BackupRepository;
import io.day2ops.backup.storage.StorageLocation;
import io.day2ops.backup.storage.StorageLocations;
import io.day2ops.backup.volumes.SnapshotDeletion;
import io.day2ops.events.VolumeSnapshotInfo;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.runtime.VertxContexts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Deletes a backup: the CSI snapshots it kept first (its cluster must be reachable, else nothing is deleted and the
 * next attempt tries again), then its parts from storage, then its catalog entry, so that a crash in between leaves a
 * catalog entry pointing at less than before (deleted again next time), never stored data nobody knows about.
 * Idempotent.
 */
@ApplicationScoped
public class BackupDeletion {

    private final StorageLocations locations;
    private final BackupRepository backups;
    private final ClusterConnections clusters;
    private final io.day2ops.backup.repository.ObjectCatalog catalog;

    public BackupDeletion(
            StorageLocations locations,
            BackupRepository backups,
            ClusterConnections clusters,
            io.day2ops.backup.repository.ObjectCatalog catalog) {
        this.catalog = catalog;
        this.locations = locations;
        this.backups = backups;
        this.clusters = clusters;
    }

    /** Deletes backup {@code name} kept in {@code location} (null: nothing was stored). Needs a Vert.x context. */
    public Uni<Void> delete(String name, String location, String why) {
        Optional<StorageLocation> stored = location == null ? Optional.empty() : locations.byName(location);
        if (stored.isPresent() && stored.get().readOnly()) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("backup " + name + " is in ReadOnly storage" + " location "
                            + location + "; it is deleted where that location is written, not here"));
        }
        return Panache.withSession(() -> backups.findByName(name))
                .chain(backup -> VertxContexts.blocking(() -> {
                    if (backup != null) {
                        deleteSnapshots(name, backup.cluster, backup.volumeSnapshots);
                    }
                    if (stored.isPresent()) {
                        stored.get().delete(name);
                    }
                    return null;
                }))
                .chain(() ->
                        Panache.withTransaction(() -> catalog.forget(name).chain(() -> backups.delete("name", name))))
                .invoke(() -> Log.infof("backup %s deleted (%s)", name, why))
                .replaceWithVoid();
    }

    private void deleteSnapshots(String backup, String cluster, String json) {
        List<VolumeSnapshotInfo> snapshots = SnapshotDeletion.parse(json);
        if (snapshots.isEmpty()) {
            return;
        }
        KubernetesClient client = clusters.client(cluster)
                .orElseThrow(() -> new IllegalStateException("backup " + backup + " keeps " + snapshots.size()
                        + " volume snapshots in cluster " + cluster + ", which is not configured here: "
                        + clusters.unknownClusterMessage(cluster) + "; the backup is kept until they can be deleted"));
        SnapshotDeletion.delete(client, backup, snapshots);
    }
}
