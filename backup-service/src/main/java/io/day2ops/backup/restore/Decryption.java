package io.day2ops.backup.restore;

import io.day2ops.backup.crypto.DocumentSealer;
import io.day2ops.backup.domain.BackupManifest;
import java.io.IOException;

/** What decrypts a backup's sealed documents, given its manifest: null for a plaintext backup. */
@FunctionalInterface
public interface Decryption {

    DocumentSealer of(BackupManifest manifest) throws IOException;
}
