package io.day2ops.backup.service;

import io.day2ops.backup.capture.BackupCapture;
import io.day2ops.backup.capture.BackupItemAction;
import io.day2ops.backup.capture.BackupLog;
import io.day2ops.backup.capture.ObjectIndex;
import io.day2ops.backup.config.BackupConfig;
import io.day2ops.backup.crypto.EnvelopeSealer;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.BackupManifest.ResourceEntry;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.etcd.CopyingOutputStream;
import io.day2ops.backup.etcd.EtcdSnapshotVerifier;
import io.day2ops.backup.etcd.EtcdSnapshotter;
import io.day2ops.backup.hooks.HookPolicy;
import io.day2ops.backup.repository.CatalogMetrics;
import io.day2ops.backup.repository.ObjectCatalog;
import io.day2ops.backup.storage.BackupWriter;
import io.day2ops.backup.storage.FencedOffException;
import io.day2ops.backup.storage.SharedStorageCheck;
import io.day2ops.backup.storage.StorageLocation;
import io.day2ops.backup.storage.StorageLocations;
import io.day2ops.backup.storage.StoredPart;
import io.day2ops.backup.volumes.VolumeBackup;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.EtcdSnapshotInfo;
import io.day2ops.events.GoDuration;
import io.day2ops.events.HookResult;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Takes one backup end to end, blocking: clears what an interrupted earlier attempt left, captures, writes the log,
 * then the manifest last. Returns what the catalog and {@code SnapshotTaken} need; throws when there is no backup.
 */
@ApplicationScoped
public class BackupRunner {

    /** How many error and warning lines {@code SnapshotTaken} carries. */
    static final int MESSAGES = 20;

    /** The part keeping every hook's whole command and output, encrypted. */
    public static final String HOOKS_PART = "hooks.json.enc";

    private final SharedStorageCheck shared;
    private final ClusterConnections clusters;
    private final StorageLocations locations;
    private final BackupConfig config;
    private final Clock clock;
    private final BackupEncryption encryption;
    private final List<BackupItemAction> itemActions;
    private final HookPolicy redaction;
    private final CatalogMetrics catalogMetrics;
    private final ObjectCatalog catalog;

    /** How long a finished capture waits for the catalogue's writes in flight. */
    static final Duration CATALOG_WAIT = Duration.ofMinutes(2);

    public BackupRunner(
            ClusterConnections clusters,
            StorageLocations locations,
            BackupConfig config,
            Clock clock,
            @All List<BackupItemAction> itemActions,
            BackupEncryption encryption,
            SharedStorageCheck shared,
            CatalogMetrics catalogMetrics,
            ObjectCatalog catalog) {
        this.catalogMetrics = catalogMetrics;
        this.catalog = catalog;
        this.itemActions = itemActions;
        this.shared = shared;
        this.clusters = clusters;
        this.locations = locations;
        this.config = config;
        this.redaction = new HookPolicy(
                config.backup().hooks().enabled(),
                config.backup().hooks().redactPatterns().orElse(List.of()),
                config.backup().hooks().maxTimeout());
        this.clock = clock;
        this.encryption = encryption;
    }

    /**
     * The outcome of a backup that produced data.
     *
     * @param manifest what was written
     * @param manifestPart the manifest's own size and sha256
     * @param location the storage location's name
     * @param uri where it is
     * @param errorMessages the first errors of the backup log
     * @param warningMessages the first warnings of the backup log
     * @param objects what it holds, per object, for the fleet catalogue
     */
    public record Result(
            BackupManifest manifest,
            StoredPart manifestPart,
            String location,
            String uri,
            List<String> errorMessages,
            List<String> warningMessages,
            ObjectIndex.Indexed objects) {

        public long sizeBytes() {
            return manifestPart.size()
                    + manifest.parts().stream().mapToLong(StoredPart::size).sum();
        }
    }

    /** A backup that could not produce data; its message says why and what to do. */
    public static final class BackupFailedException extends RuntimeException {
        public BackupFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Result run(BackupRequested request, Instant startedAt) {
        return run(request, startedAt, () -> true, io.day2ops.foundation.jobs.JobProgress.NONE, List.of());
    }

    /**
     * @param held whether this replica still holds the job: every write checks it ({@link BackupWriter})
     * @param progress where the backup reports its stage and each item, so a hung one is failed as stuck
     * @param ignored warnings about the request's fields day2ops does not act on (Velero's it does not implement,
     *     unknown ones), the first of the backup's warnings
     */
    public Result run(
            BackupRequested request,
            Instant startedAt,
            java.util.function.BooleanSupplier held,
            io.day2ops.foundation.jobs.JobProgress progress,
            List<String> ignored) {
        KubernetesClient client = clusters.client(request.cluster())
                .orElseThrow(() -> new BackupFailedException(clusters.unknownClusterMessage(request.cluster()), null));
        StorageLocation location = locations
                .byName(request.storageLocation())
                .orElseThrow(() ->
                        new BackupFailedException(locations.unknownLocationMessage(request.storageLocation()), null));
        shared.refusal(location.name()).ifPresent(reason -> {
            throw new BackupFailedException(reason, null);
        });
        Duration ttl = ttl(request);
        try {
            BackupWriter writer = new BackupWriter(location, request.name(), held);
            // A backup is only ever written whole: whatever an earlier, interrupted attempt left goes first (unless
            // this replica woke up to find the job is no longer its own: then the folder is the new holder's).
            writer.checkHeld();
            progress.stage("removing what an earlier attempt left");
            location.delete(request.name());
            EnvelopeSealer sealer = encryption.begin(location, request.name(), request.cluster());
            BackupLog log = new BackupLog(clock, progress::log);
            log.info("backup " + request.name() + " of cluster " + request.cluster() + " to " + location.name()
                    + " started");
            ignored.forEach(log::warn);
            progress.stage("etcd snapshot");
            EtcdSnapshotInfo etcd =
                    Boolean.TRUE.equals(request.etcdSnapshot()) ? etcdSnapshot(request, writer, sealer, log) : null;
            progress.stage("discovering the cluster's resources");
            BackupCapture capture = new BackupCapture(
                            client,
                            writer,
                            log,
                            sealer,
                            config.backup().concurrency(),
                            config.backup().pageSize(),
                            startedAt,
                            itemActions,
                            progress)
                    .indexing(config.backup().catalog().maxObjects());
            if (config.backup().catalog().maxObjects() > 0) {
                capture.index().writingTo(catalog.writer(request.name(), held));
            }
            List<ResourceEntry> resources;
            ObjectIndex.Indexed indexed;
            try {
                resources = capture.capture(request);
            } finally {
                // nothing is written after this, whatever the capture's outcome
                indexed = capture.index().finish(CATALOG_WAIT);
            }
            if (config.backup().catalog().maxObjects() > 0) {
                catalogMetrics.hashed(capture.index().hashing());
                log.info("catalogue: " + indexed.entries().size() + " objects indexed, " + indexed.written()
                        + " of them written while capturing");
            }
            if (indexed.failure() != null) {
                log.warn("the catalogue's rows written while capturing failed (" + indexed.failure()
                        + "); they are written when the backup completes");
            }
            if (capture.index().dropped() > 0 && config.backup().catalog().maxObjects() > 0) {
                log.warn("the catalogue indexed the first "
                        + config.backup().catalog().maxObjects() + " objects; "
                        + capture.index().dropped() + " more are in the backup but not findable with GET"
                        + " /catalog/objects (day2.backup.catalog.max-objects)");
            }
            if (resources.isEmpty() && log.errors() > 0) {
                throw new BackupFailedException(
                        "nothing could be captured from cluster " + request.cluster() + ": " + log.firstError(), null);
            }
            progress.stage("volume snapshots and hooks");
            VolumeBackup volumeBackup = new VolumeBackup(client, log, redaction);
            VolumeBackup.Result volumes = volumeBackup.run(
                    request, capture.capturedPods(), capture.capturedClaims(), snapshotClassOf(location));
            keepHookOutputs(writer, sealer, volumeBackup.hooksKept());
            if (volumes.failure() != null) {
                throw new BackupFailedException("a backup hook failed (onError: Fail): " + volumes.failure(), null);
            }
            Instant completedAt = clock.instant();
            BackupPhase phase = log.errors() > 0 ? BackupPhase.PartiallyFailed : BackupPhase.Completed;
            log.info("backup " + request.name() + " " + phase + ": "
                    + resources.stream().mapToInt(ResourceEntry::items).sum() + " items, " + log.warnings()
                    + " warnings, " + log.errors() + " errors");
            try (OutputStream out = writer.part(BackupManifest.LOG)) {
                out.write(log.bytes());
            }
            BackupManifest manifest = new BackupManifest(
                    BackupManifest.FORMAT,
                    request.name(),
                    request.cluster(),
                    phase,
                    startedAt,
                    completedAt,
                    startedAt,
                    completedAt.plus(ttl),
                    resources,
                    writer.parts(),
                    etcd,
                    encryption.manifestEntry(sealer),
                    log.warnings(),
                    log.errors(),
                    volumes.snapshots(),
                    volumes.skipped(),
                    volumes.hookResults());
            progress.stage("writing the manifest");
            byte[] manifestBytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
            StoredPart manifestPart = writer.writeManifest(manifestBytes);
            writer.checkHeld(); // keys.json is rewritten with the manifest's HMAC: only by the holder
            BackupEncryption.finish(location, sealer, request.name(), manifestBytes);
            Log.infof(
                    "backup %s of cluster %s %s: %d items in %d resources, %s",
                    request.name(),
                    request.cluster(),
                    phase,
                    resources.stream().mapToInt(ResourceEntry::items).sum(),
                    resources.size(),
                    location.uri(request.name()));
            return new Result(
                    manifest,
                    manifestPart,
                    location.name(),
                    location.uri(request.name()),
                    log.messages("error", MESSAGES),
                    log.messages("warning", MESSAGES),
                    indexed);
        } catch (FencedOffException e) {
            throw new BackupFailedException(e.getMessage(), e); // the folder is the new holder's: nothing deleted
        } catch (IOException e) {
            discard(location, request.name(), held);
            throw new BackupFailedException(
                    "could not write backup " + request.name() + " to storage location " + location.name() + ": " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(location, request.name(), held);
            throw new BackupFailedException("backup " + request.name() + " was interrupted", e);
        } catch (BackupFailedException e) {
            discard(location, request.name(), held);
            throw e;
        } catch (RuntimeException e) {
            discard(location, request.name(), held);
            throw new BackupFailedException(
                    "could not back up cluster " + request.cluster() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Streams an etcd snapshot into the backup; a cluster without etcd endpoints gets a warning, a snapshot that fails
     * an error (the backup is then PartiallyFailed: its resource documents are still good).
     */
    private EtcdSnapshotInfo etcdSnapshot(
            BackupRequested request, BackupWriter writer, EnvelopeSealer sealer, BackupLog log)
            throws InterruptedException {
        var etcd = clusters.etcd(request.cluster());
        if (etcd.isEmpty()) {
            log.warn("an etcd snapshot was requested, but cluster " + request.cluster() + " has no etcd endpoints"
                    + " configured (day2.clusters." + request.cluster() + ".etcd.endpoints); none was taken");
            return null;
        }
        boolean verify = config.backup().verifyEtcdSnapshots();
        Path local = null;
        try {
            local = verify ? Files.createTempFile("day2-etcd-snapshot", ".db") : null;
            EtcdSnapshotter.Result result;
            // The snapshotter closes what it writes to (storage); the local copy is closed here.
            try (OutputStream copy = local == null ? OutputStream.nullOutputStream() : Files.newOutputStream(local)) {
                // stored encrypted as it streams; the local copy (for the verification) never leaves this host
                OutputStream stored = writer.part(BackupManifest.ETCD_SNAPSHOT);
                if (sealer != null) {
                    stored = sealer.encrypting(stored, BackupManifest.ETCD_SNAPSHOT);
                }
                result = EtcdSnapshotter.snapshot(etcd.get(), new CopyingOutputStream(stored, copy));
            }
            EtcdSnapshotInfo info = result.info();
            log.info("etcd snapshot: revision " + info.revision() + ", " + info.keys() + " keys, " + info.sizeBytes()
                    + " bytes, sha256 trailer verified");
            if (!result.exact()) {
                log.warn("etcd was written to while the snapshot streamed: revision " + info.revision() + " and "
                        + info.keys() + " keys are those at its start; the file may hold a few newer writes");
            }
            return verify ? verified(info, local, result.exact(), log) : info;
        } catch (IOException e) {
            writer.forget(BackupManifest.ETCD_SNAPSHOT);
            log.error("etcd snapshot of cluster " + request.cluster() + " failed: " + e.getMessage());
            return null;
        } finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException e) {
                    Log.warnf("could not remove the local copy %s of an etcd snapshot: %s", local, e);
                }
            }
        }
    }

    /**
     * Proves the snapshot restores, right after it was taken, so that every snapshot (not only drilled ones) is known
     * good: restored into a scratch etcd, revision and keys compared. A snapshot that does not restore is an error (the
     * backup is PartiallyFailed: its resource documents are still good); one that could not be tried is a warning.
     */
    private EtcdSnapshotInfo verified(EtcdSnapshotInfo info, Path local, boolean exact, BackupLog log) {
        String unavailable = EtcdSnapshotVerifier.unavailableReason();
        if (unavailable != null) {
            log.warn("etcd snapshot not verified: " + unavailable);
            return info.verified(null, unavailable);
        }
        EtcdSnapshotVerifier.Outcome outcome = EtcdSnapshotVerifier.verify(
                local, info.revision(), info.keys(), exact, config.backup().etcdVerifyTimeout());
        if (outcome.passed()) {
            log.info("etcd snapshot verified: " + outcome.message());
        } else {
            log.error("etcd snapshot does not restore: " + outcome.message());
        }
        return info.verified(outcome.passed(), outcome.message());
    }

    /**
     * Hooks' whole commands and outputs, kept with the backup encrypted under its data key ({@value #HOOKS_PART});
     * events, logs and the manifest carry only what may be published. Without encryption nothing more is kept.
     */
    private static void keepHookOutputs(BackupWriter writer, EnvelopeSealer sealer, List<HookResult> hooks)
            throws IOException {
        if (sealer == null || hooks.isEmpty()) {
            return;
        }
        try (OutputStream out = sealer.encrypting(writer.part(HOOKS_PART), HOOKS_PART)) {
            out.write(Json.MAPPER.writeValueAsBytes(hooks));
        }
    }

    /** Removes a failed attempt's parts, unless the job is no longer this replica's (the folder is the new holder's). */
    private static void discard(StorageLocation location, String backup, java.util.function.BooleanSupplier held) {
        if (!held.getAsBoolean()) {
            Log.infof("backup %s: not removing its parts, another replica holds its job now", backup);
            return;
        }
        try {
            location.delete(backup);
        } catch (IOException | RuntimeException e) {
            Log.warnf("could not remove the parts of failed backup %s from %s: %s", backup, location.name(), e);
        }
    }

    private String snapshotClassOf(StorageLocation location) {
        BackupConfig.Location settings = config.storage().locations().get(location.name());
        return settings == null ? null : settings.volumeSnapshotClass().orElse(null);
    }

    private Duration ttl(BackupRequested request) {
        String ttl = request.ttl() == null ? config.backup().defaultTtl() : request.ttl();
        return GoDuration.parse(ttl);
    }
}
