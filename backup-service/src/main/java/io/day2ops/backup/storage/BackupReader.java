package io.day2ops.backup.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** Reads a stored backup, trusting nothing: the manifest against its recorded sha256, every part against the manifest. */
public final class BackupReader {

    private final StorageLocation location;
    private final String backup;

    public BackupReader(StorageLocation location, String backup) {
        this.location = location;
        this.backup = backup;
    }

    /**
     * The manifest's bytes, checked against {@code expectedSha256} (from the catalog or {@code SnapshotTaken}); null
     * skips the check (a backup found in storage without a catalog entry).
     */
    public byte[] manifest(String expectedSha256) throws IOException {
        byte[] bytes;
        try (InputStream in = location.open(backup, BackupWriter.MANIFEST)) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new CorruptBackupException("backup " + backup + " has no " + BackupWriter.MANIFEST + " in "
                    + location.uri(backup) + ": it was never completed, so it is not a backup");
        }
        String actual = BackupWriter.sha256Hex(bytes);
        if (expectedSha256 != null && !expectedSha256.equals(actual)) {
            throw new CorruptBackupException("backup " + backup + ": " + BackupWriter.MANIFEST + " has sha256 " + actual
                    + ", the catalog recorded " + expectedSha256 + "; refusing to use it");
        }
        return bytes;
    }

    /** Reads every part to the end and compares its size and sha256 with the manifest's; fails naming the first bad one. */
    public void verify(List<StoredPart> parts) throws IOException {
        for (StoredPart part : parts) {
            StorageLocation.checkedPart(part.path());
            MessageDigest digest = BackupWriter.sha256();
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = location.open(backup, part.path())) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    size += n;
                }
            } catch (NoSuchFileException e) {
                throw new CorruptBackupException(
                        "backup " + backup + ": part " + part.path() + " listed in the manifest is missing");
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            if (size != part.size() || !sha.equals(part.sha256())) {
                throw new CorruptBackupException("backup " + backup + ": part " + part.path() + " does not match the"
                        + " manifest (size " + size + " vs " + part.size() + ", sha256 " + sha + " vs "
                        + part.sha256() + "); refusing to restore anything from it");
            }
        }
    }

    /** Opens a part that {@link #verify} accepted; the stream fails if the bytes changed since. */
    public InputStream open(StoredPart part) throws IOException {
        InputStream in = location.open(backup, StorageLocation.checkedPart(part.path()));
        MessageDigest digest = BackupWriter.sha256();
        return new FilterInputStream(in) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    digest.update((byte) b);
                } else {
                    check();
                }
                return b;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int n = super.read(bytes, offset, length);
                if (n > 0) {
                    digest.update(bytes, offset, n);
                } else if (n < 0) {
                    check();
                }
                return n;
            }

            private void check() {
                if (!checked) {
                    checked = true;
                    String sha = HexFormat.of().formatHex(digest.digest());
                    if (!sha.equals(part.sha256())) {
                        throw new CorruptBackupException(
                                "backup " + backup + ": part " + part.path() + " changed while it was read");
                    }
                }
            }
        };
    }
}
