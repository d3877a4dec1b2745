package io.day2ops.backup.service;

import io.day2ops.backup.storage.StorageLocation;
import io.day2ops.backup.storage.StorageLocations;
import io.day2ops.backup.volumes.SnapshotDeletion;
import io.day2ops.events.VolumeSnapshotInfo;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.runtime.VertxContexts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
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
    private final Pool pool;
    private final ClusterConnections clusters;

    public BackupDeletion(StorageLocations locations, Pool pool, ClusterConnections clusters) {
        this.locations = locations;
        this.pool = pool;
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
        return pool.preparedQuery("SELECT cluster, volume_snapshots FROM backup WHERE name = $1")
                .execute(Tuple.of(name))
                .chain(rows -> VertxContexts.blocking(() -> {
                    for (Row row : rows) {
                        deleteSnapshots(name, row.getString("cluster"), row.getString("volume_snapshots"));
                    }
                    if (stored.isPresent()) {
                        stored.get().delete(name);
                    }
                    return null;
                }))
                .chain(() ->
                        pool.preparedQuery("DELETE FROM backup WHERE name = $1").execute(Tuple.of(name)))
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
