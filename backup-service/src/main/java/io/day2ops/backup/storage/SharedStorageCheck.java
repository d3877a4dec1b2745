package io.day2ops.backup.storage;

import io.day2ops.backup.config.BackupConfig;
import io.day2ops.foundation.runtime.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Refuses a filesystem location that the replicas do not share. Every {@code day2.storage.shared-check-interval} each
 * replica writes a marker file into each of its writable filesystem locations ({@value #MARKERS}/{@code <replica>}),
 * records in the database that it did, and looks in the location for the marker of every other replica recorded as
 * live: one it cannot see means the location is its own disk (an {@code emptyDir}, a ReadWriteOnce volume), where a
 * backup would be invisible to the other replicas and lost with the pod. Backups to such a location fail naming it
 * ({@link #refusal}); one replica alone is never refused. S3 locations are shared by nature and not checked.
 */
@ApplicationScoped
public class SharedStorageCheck {

    /** The folder of replica markers in a location (backup names never start with a dot). */
    public static final String MARKERS = ".day2ops-replicas";

    private static final Logger LOG = Logger.getLogger(SharedStorageCheck.class);

    private final StorageLocations locations;
    private final Vertx vertx;
    private final Duration interval;
    private final String replica =
            "backup-" + hostname() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;

    public SharedStorageCheck(StorageLocations locations, Vertx vertx, BackupConfig config) {
        this.locations = locations;
        this.vertx = vertx;
        this.interval = config.storage().sharedCheckInterval();
    }

    void start(@Observes StartupEvent event) {
        if (locations.writableFolders().isEmpty()) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "shared-storage-check");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::checkQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Leaves: its rows go (so a replica started after it does not look for its marker), then its markers. */
    void stop(@Observes ShutdownEvent event) {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            update("DELETE FROM storage_replica WHERE replica = ?1", replica);
        } catch (RuntimeException e) {
            LOG.debugf("could not remove this replica's storage rows: %s", e);
        }
        locations.writableFolders().values().forEach(folder -> {
            try {
                Files.deleteIfExists(marker(folder, replica));
            } catch (IOException e) {
                LOG.debugf("could not remove marker %s: %s", marker(folder, replica), e);
            }
        });
    }

    /** Why backups may not be written to {@code location}: it is not shared with every replica. Empty: they may. */
    public Optional<String> refusal(String location) {
        return Optional.ofNullable(refusals.get(location));
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warnf("shared storage check failed (tried again in %s): %s", interval, e);
        }
    }

    /** One round: leave markers, record them, look for the others' markers. Blocking. */
    public void check() {
        Map<String, FilesystemLocation> folders = locations.writableFolders();
        List<String> marked = new ArrayList<>();
        folders.forEach((name, folder) -> {
            try {
                Path marker = marker(folder, replica);
                Files.createDirectories(marker.getParent());
                Files.writeString(marker, Instant.now().toString());
                marked.add(name);
            } catch (IOException e) {
                LOG.warnf("cannot write to filesystem location %s (%s): %s", name, folder.root(), e);
            }
        });
        // the marker is written before the row: whoever sees the row and shares the folder sees the marker
        for (String name : marked) {
            update(
                    "INSERT INTO storage_replica (location, replica, seen_at) VALUES (?1, ?2, now())"
                            + " ON CONFLICT (location, replica) DO UPDATE SET seen_at = now()",
                    name,
                    replica);
        }
        double live = interval.toMillis() * 3 / 1000.0;
        List<Object[]> rows = inTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT location, replica FROM storage_replica WHERE replica <> ?1"
                                        + " AND seen_at > now() - make_interval(secs => ?2)",
                                Object[].class)
                        .setParameter(1, replica)
                        .setParameter(2, live)
                        .getResultList()));
        Map<String, List<String>> unseen = new java.util.TreeMap<>();
        for (Object[] row : rows) {
            String location = (String) row[0];
            String other = (String) row[1];
            FilesystemLocation folder = folders.get(location);
            if (folder != null && !Files.exists(marker(folder, other))) {
                unseen.computeIfAbsent(location, ignored -> new ArrayList<>()).add(other);
            }
        }
        folders.forEach((name, folder) -> decide(name, folder, unseen.get(name)));
    }

    private void decide(String name, FilesystemLocation folder, List<String> unseen) {
        if (unseen == null) {
            if (refusals.remove(name) != null) {
                LOG.infof(
                        "filesystem location %s (%s) is shared by every replica again: backups to it go on",
                        name, folder.root());
            }
            return;
        }
        String reason = "storage location " + name + " is the folder " + folder.root() + ", which this replica ("
                + replica + ") does not share with " + unseen + " (their marker files in " + MARKERS + " are not"
                + " there): with more than one replica, backups must go to a location every replica sees (S3, or a"
                + " ReadWriteMany volume), or a backup is invisible to the others and lost with the pod. Refused"
                + " until it is shared (day2.storage.locations." + name + ".type=s3, or mount a shared volume)";
        if (!reason.equals(refusals.put(name, reason))) {
            LOG.error(reason);
        }
    }

    private void update(String sql, Object... parameters) {
        inTransaction(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        }));
    }

    /** Runs a statement from this blocking thread on a Vert.x context, where Hibernate Reactive works. */
    private <T> T inTransaction(java.util.function.Supplier<Uni<T>> work) {
        return VertxContexts.onSafeContext(vertx, () -> Panache.withTransaction(work))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    private static Path marker(FilesystemLocation folder, String replica) {
        return folder.root().resolve(MARKERS).resolve(replica);
    }

    private static String hostname() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "local" : host;
    }
}
