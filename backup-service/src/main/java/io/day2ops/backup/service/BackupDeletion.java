package io.day2ops.backup.service;

import io.day2ops.backup.storage.StorageLocation;
import io.day2ops.backup.storage.StorageLocations;
import io.day2ops.foundation.runtime.VertxContexts;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Deletes a backup: its parts from storage first, then its catalog entry, so that a crash in between leaves a catalog
 * entry pointing at nothing (deleted again next time), never stored data nobody knows about. Idempotent.
 */
@ApplicationScoped
public class BackupDeletion {

    private final StorageLocations locations;
    private final Pool pool;

    public BackupDeletion(StorageLocations locations, Pool pool) {
        this.locations = locations;
        this.pool = pool;
    }

    /** Deletes backup {@code name} kept in {@code location} (null: nothing was stored). Needs a Vert.x context. */
    public Uni<Void> delete(String name, String location, String why) {
        Optional<StorageLocation> stored = location == null ? Optional.empty() : locations.byName(location);
        if (stored.isPresent() && stored.get().readOnly()) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("backup " + name + " is in ReadOnly storage" + " location "
                            + location + "; it is deleted where that location is written, not here"));
        }
        return VertxContexts.blocking(() -> {
                    if (stored.isPresent()) {
                        stored.get().delete(name);
                    }
                    return null;
                })
                .chain(() ->
                        pool.preparedQuery("DELETE FROM backup WHERE name = $1").execute(Tuple.of(name)))
                .invoke(() -> Log.infof("backup %s deleted (%s)", name, why))
                .replaceWithVoid();
    }
}
