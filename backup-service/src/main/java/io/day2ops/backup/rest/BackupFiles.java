package io.day2ops.backup.rest;

import io.day2ops.backup.crypto.DocumentSealer;
import io.day2ops.backup.crypto.EnvelopeSealer;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.service.BackupEncryption;
import io.day2ops.backup.storage.BackupReader;
import io.day2ops.backup.storage.BackupWriter;
import io.day2ops.backup.storage.StorageLocation;
import io.day2ops.backup.storage.StorageLocations;
import io.day2ops.backup.storage.StoredPart;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.runtime.VertxContexts;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestMulti;

/** What a backup's files are served as: its etcd snapshot (decrypted), or the whole backup as one tar. */
@ApplicationScoped
class BackupFiles {

    private static final Logger LOG = Logger.getLogger(BackupFiles.class);

    private final StorageLocations locations;
    private final BackupEncryption encryption;

    BackupFiles(StorageLocations locations, BackupEncryption encryption) {
        this.locations = locations;
        this.encryption = encryption;
    }

    /** A file about to be served: its backup's manifest, and how to open it. */
    private record Download(BackupManifest manifest, String manifestSha256, Callable<InputStream> open) {}

    RestMulti<byte[]> etcdSnapshot(String name, Uni<BackupResource.BackupView> found) {
        Uni<Download> download = found.chain(backup -> {
            StorageLocation location = stored(name, backup);
            return VertxContexts.blocking(() -> {
                BackupReader reader = new BackupReader(location, name);
                BackupManifest manifest =
                        Json.MAPPER.readValue(reader.manifest(backup.manifestSha256()), BackupManifest.class);
                StoredPart part = manifest.parts().stream()
                        .filter(p -> p.path().equals(BackupManifest.ETCD_SNAPSHOT))
                        .findFirst()
                        .orElseThrow(() -> new NotFoundProblem("backup '" + name + "' has no etcd snapshot"));
                reader.verify(List.of(part));
                DocumentSealer sealer = encryption.opener(location, manifest);
                return new Download(
                        manifest,
                        backup.manifestSha256(),
                        () -> sealer instanceof EnvelopeSealer envelope
                                ? envelope.decrypting(reader.open(part), BackupManifest.ETCD_SNAPSHOT)
                                : reader.open(part));
            });
        });
        return RestMulti.fromUniResponse(
                download,
                d -> PartStream.of(d.open()),
                d -> Map.of(
                        "Content-Disposition",
                        List.of("attachment; filename=\"" + name + "-etcd-snapshot.db\""),
                        "X-Day2-Sha256",
                        List.of(
                                d.manifest().etcd() == null
                                        ? ""
                                        : d.manifest().etcd().sha256())));
    }

    /**
     * The backup as one tar, {@code <name>/manifest.json} first and then every part the manifest lists, as stored.
     * Every part is read and checked against the manifest before anything is sent, and checked again while it is sent
     * (a part changed meanwhile breaks the download instead of serving other bytes). The manifest's sha256 is the
     * {@code X-Day2-Manifest-Sha256} header, the one the catalog and {@code SnapshotTaken} carry, so the receiver can
     * check the whole chain.
     */
    RestMulti<byte[]> archive(String name, Uni<BackupResource.BackupView> found) {
        Uni<Download> download = found.chain(backup -> {
            StorageLocation location = stored(name, backup);
            return VertxContexts.blocking(() -> {
                BackupReader reader = new BackupReader(location, name);
                byte[] manifestBytes = reader.manifest(backup.manifestSha256());
                BackupManifest manifest = Json.MAPPER.readValue(manifestBytes, BackupManifest.class);
                reader.verify(manifest.parts());
                return new Download(
                        manifest, backup.manifestSha256(), () -> tar(name, manifestBytes, manifest, reader));
            });
        });
        return RestMulti.fromUniResponse(
                download,
                d -> PartStream.of(d.open()),
                d -> Map.of(
                        "Content-Disposition",
                        List.of("attachment; filename=\"" + name + "-data.tar\""),
                        "X-Day2-Manifest-Sha256",
                        List.of(d.manifestSha256())));
    }

    /** Writes the tar on a worker thread into a pipe the response reads; a client that goes away ends the writer. */
    private static InputStream tar(String name, byte[] manifestBytes, BackupManifest manifest, BackupReader reader)
            throws IOException {
        PipedInputStream in = new PipedInputStream(256 * 1024);
        PipedOutputStream pipe = new PipedOutputStream(in);
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(pipe)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                add(
                        tar,
                        name + "/" + BackupWriter.MANIFEST,
                        manifestBytes.length,
                        new java.io.ByteArrayInputStream(manifestBytes));
                for (StoredPart part : manifest.parts()) {
                    try (InputStream stored = reader.open(part)) {
                        add(tar, name + "/" + part.path(), part.size(), stored);
                    }
                }
                tar.finish();
            } catch (IOException | RuntimeException e) {
                LOG.warnf("download of backup %s ended early: %s", name, e.getMessage());
            }
        });
        return in;
    }

    private static void add(TarArchiveOutputStream tar, String path, long size, InputStream content)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        content.transferTo(tar);
        tar.closeArchiveEntry();
    }

    /** The first warning and error messages {@code describe --details} shows, each. */
    static final int MESSAGES = 50;

    /**
     * What a stored backup holds beyond its catalog record: its manifest's etcd snapshot (with verification), hooks and
     * volumes skipped, and the first warning and error messages of its log; both read from storage and checked.
     */
    Uni<com.fasterxml.jackson.databind.node.ObjectNode> details(String name, BackupResource.BackupView backup) {
        StorageLocation location = stored(name, backup);
        return VertxContexts.blocking(() -> {
            BackupReader reader = new BackupReader(location, name);
            BackupManifest manifest =
                    Json.MAPPER.readValue(reader.manifest(backup.manifestSha256()), BackupManifest.class);
            var details = Json.MAPPER.createObjectNode();
            details.set("etcd", Json.MAPPER.valueToTree(manifest.etcd()));
            details.set("hooks", Json.MAPPER.valueToTree(manifest.hooks()));
            details.set("volumesSkipped", Json.MAPPER.valueToTree(manifest.volumesSkipped()));
            var warnings = details.putArray("warningMessages");
            var errors = details.putArray("errorMessages");
            StoredPart log = manifest.parts().stream()
                    .filter(p -> p.path().equals(BackupManifest.LOG))
                    .findFirst()
                    .orElse(null);
            if (log != null) {
                try (var lines = new java.io.BufferedReader(
                        new java.io.InputStreamReader(reader.open(log), java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        int at = line.indexOf(" msg=");
                        String message = at < 0 ? line : line.substring(at + 5);
                        if (line.contains(" level=warning ") && warnings.size() < MESSAGES) {
                            warnings.add(message);
                        } else if (line.contains(" level=error ") && errors.size() < MESSAGES) {
                            errors.add(message);
                        }
                    }
                }
            }
            return details;
        });
    }

    private StorageLocation stored(String name, BackupResource.BackupView backup) {
        StorageLocation location = backup.storageLocation() == null
                ? null
                : locations.byName(backup.storageLocation()).orElse(null);
        if (location == null || backup.manifestSha256() == null) {
            throw new NotFoundProblem("backup '" + name + "' is " + backup.phase() + " and has nothing in storage");
        }
        return location;
    }
}
