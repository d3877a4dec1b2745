package io.day2ops.backup.restore;

import io.day2ops.backup.crypto.DocumentSealer;
import io.day2ops.backup.domain.BackupManifest;
import java.io.IOException;

/** What decrypts a backup's sealed documents, given its manifest: null for a plaintext backup. */
public interface Decryption {

    DocumentSealer of(BackupManifest manifest) throws IOException;

    /**
     * Checks the manifest of a backup with no catalog entry (no recorded sha256); throws when it cannot be trusted.
     */
    void verifyUncatalogued(BackupManifest manifest, byte[] bytes) throws IOException;
}
