package io.day2ops.backup.service;

import io.day2ops.backup.config.BackupConfig;
import io.day2ops.backup.repository.BackupRepository;
import io.day2ops.foundation.runtime.PollingLoop;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;

/**
 * Velero's garbage collection: every {@code day2.backup.gc-interval}, backups past their {@code expiresAt} are deleted
 * from storage and catalog, 100 at a time. Several replicas may collect at once; deleting twice is harmless.
 */
@ApplicationScoped
public class BackupGarbageCollector {

    private static final int BATCH = 100;

    private final BackupRepository backups;
    private final BackupDeletion deletion;
    private final Clock clock;
    private final BackupConfig config;
    private final io.vertx.core.Vertx vertx;
    private PollingLoop loop;

    public BackupGarbageCollector(
            BackupRepository backups, BackupDeletion deletion, Clock clock, BackupConfig config, Vertx vertx) {
        this.backups = backups;
        this.deletion = deletion;
        this.clock = clock;
        this.config = config;
        this.vertx = vertx.getDelegate();
    }

    void start(@Observes StartupEvent event) {
        loop = new PollingLoop(
                "backup garbage collection",
                vertx,
                config.backup().gcInterval(),
                () -> collectOnce().map(deleted -> deleted == BATCH));
        loop.start();
    }

    @PreDestroy
    void stop() {
        if (loop != null) {
            loop.stop();
        }
    }

    /** Deletes up to 100 expired backups; returns how many. Needs a Vert.x context. */
    public Uni<Integer> collectOnce() {
        return backups.expired(clock.instant(), BATCH).chain(expired -> {
            if (expired.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Multi.createFrom()
                    .iterable(expired)
                    .onItem()
                    .transformToUniAndConcatenate(backup -> deletion.delete(
                                    backup.name, backup.storageLocation, "expired")
                            .replaceWith(backup.name)
                            .onFailure()
                            .recoverWithItem(failure -> {
                                Log.warnf("could not delete expired backup %s: %s", backup.name, failure.getMessage());
                                return null; // dropped: only deleted backups are counted
                            }))
                    .collect()
                    .asList()
                    .map(List::size);
        });
    }
}
