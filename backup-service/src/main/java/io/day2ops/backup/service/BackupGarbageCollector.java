package io.day2ops.backup.service;

import io.day2ops.backup.config.BackupConfig;
import io.day2ops.foundation.runtime.PollingLoop;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Velero's garbage collection: every {@code day2.backup.gc-interval}, backups past their {@code expiresAt} are deleted
 * from storage and catalog, 100 at a time. Several replicas may collect at once; deleting twice is harmless.
 */
@ApplicationScoped
public class BackupGarbageCollector {

    private static final int BATCH = 100;

    private final Pool pool;
    private final BackupDeletion deletion;
    private final Clock clock;
    private final BackupConfig config;
    private final io.vertx.core.Vertx vertx;
    private PollingLoop loop;

    public BackupGarbageCollector(Pool pool, BackupDeletion deletion, Clock clock, BackupConfig config, Vertx vertx) {
        this.pool = pool;
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
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return pool.preparedQuery("SELECT name, storage_location FROM backup WHERE expires_at < $1"
                        + " ORDER BY expires_at LIMIT " + BATCH)
                .execute(Tuple.of(now))
                .chain(rows -> {
                    List<Row> expired = new ArrayList<>();
                    rows.forEach(expired::add);
                    if (expired.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Multi.createFrom()
                            .iterable(expired)
                            .onItem()
                            .transformToUniAndConcatenate(row -> deletion.delete(
                                            row.getString("name"), row.getString("storage_location"), "expired")
                                    .replaceWith(row.getString("name"))
                                    .onFailure()
                                    .recoverWithItem(failure -> {
                                        Log.warnf(
                                                "could not delete expired backup %s: %s",
                                                row.getString("name"), failure.getMessage());
                                        return null; // dropped: only deleted backups are counted
                                    }))
                            .collect()
                            .asList()
                            .map(List::size);
                });
    }
}
