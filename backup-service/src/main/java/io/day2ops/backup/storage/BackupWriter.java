package io.day2ops.backup.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes one backup's parts to a location and keeps the size and sha256 of each, for the manifest that is written last.
 * Parts may be written from several threads at once.
 */
public final class BackupWriter {

    public static final String MANIFEST = "manifest.json";

    private final StorageLocation location;
    private final String backup;
    private final List<StoredPart> parts = new ArrayList<>();
    private final java.util.function.BooleanSupplier held;

    public BackupWriter(StorageLocation location, String backup) {
        this(location, backup, () -> true);
    }

    /**
     * @param held whether this replica still holds the backup's job: checked before every part is opened and
     *     closed and before the manifest, so a replica that lost the job writes nothing more (FencedOffException)
     */
    public BackupWriter(StorageLocation location, String backup, java.util.function.BooleanSupplier held) {
        if (location.readOnly()) {
            throw new IllegalStateException("storage location " + location.name()
                    + " is ReadOnly: backups can be restored from it, not" + " written to it");
        }
        this.location = location;
        this.backup = backup;
        this.held = held;
    }

    /** Fails with {@link FencedOffException} once this replica no longer holds the backup's job. */
    public void checkHeld() throws FencedOffException {
        if (!held.getAsBoolean()) {
            throw new FencedOffException(backup);
        }
    }

    /** A stream for a new part; closing it records the part. */
    public OutputStream part(String path) throws IOException {
        if (path.equals(MANIFEST)) {
            throw new IllegalArgumentException("the manifest is written by writeManifest, last");
        }
        checkHeld();
        return new Recording(location.create(backup, path), path);
    }

    /** The parts written so far, by path. */
    public synchronized List<StoredPart> parts() {
        return parts.stream().sorted(Comparator.comparing(StoredPart::path)).toList();
    }

    /** Leaves a part that turned out bad out of the manifest (a restore reads only the parts the manifest lists). */
    public synchronized void forget(String path) {
        parts.removeIf(part -> part.path().equals(path));
    }

    /** Writes {@code manifest.json}; call once every other part is closed. Returns the manifest as a part. */
    public StoredPart writeManifest(byte[] manifest) throws IOException {
        checkHeld();
        try (OutputStream out = new Recording(location.create(backup, MANIFEST), null)) {
            out.write(manifest);
        }
        return new StoredPart(MANIFEST, manifest.length, sha256Hex(manifest));
    }

    public StorageLocation location() {
        return location;
    }

    public String backup() {
        return backup;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** Counts and hashes what goes through; records the part on close. */
    private final class Recording extends FilterOutputStream {
        private final String path;
        private final MessageDigest digest = sha256();
        private long size;
        private boolean closed;

        Recording(OutputStream out, String path) {
            super(out);
            this.path = path;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            size++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            digest.update(bytes, offset, length);
            size += length;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            checkHeld(); // an S3 part is uploaded on close: not once the job is someone else's
            super.close();
            if (path != null) {
                synchronized (BackupWriter.this) {
                    parts.add(new StoredPart(path, size, HexFormat.of().formatHex(digest.digest())));
                }
            }
        }
    }
}
