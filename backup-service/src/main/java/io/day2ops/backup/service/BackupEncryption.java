package io.day2ops.backup.service;

import io.day2ops.backup.config.BackupConfig;
import io.day2ops.backup.crypto.BackupKeys;
import io.day2ops.backup.crypto.DocumentSealer;
import io.day2ops.backup.crypto.EnvelopeSealer;
import io.day2ops.backup.crypto.Keyring;
import io.day2ops.backup.domain.BackupManifest;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.domain.SecretSealer;
import io.day2ops.backup.restore.Decryption;
import io.day2ops.backup.storage.BackupWriter;
import io.day2ops.backup.storage.CorruptBackupException;
import io.day2ops.backup.storage.StorageLocation;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * Encryption of backups, on by default: the keyring ({@link Keyring}), a fresh data key per backup wrapped into its
 * {@code keys.json}, and the sealer that reads or writes a backup's encrypted parts. Outside dev and test a service
 * without a key refuses to start unless {@code day2.backup.allow-plaintext=true} (logged at every start).
 */
@ApplicationScoped
public class BackupEncryption {

    private final Keyring keyring;
    private final boolean allowPlaintext;

    public BackupEncryption(BackupConfig config) {
        this.keyring = Keyring.configured(
                config.backup().keys(),
                config.backup().activeKey(),
                config.backup().encryptionKey());
        this.allowPlaintext = config.backup().allowPlaintext();
    }

    void check(@Observes StartupEvent start) {
        if (!keyring.isEmpty()) {
            Log.infof("backups are encrypted: keyring %s, active key %s", keyring.ids(), keyring.activeId());
            return;
        }
        if (allowPlaintext) {
            Log.warn("backups are NOT encrypted (day2.backup.allow-plaintext=true): Secrets and etcd snapshots are"
                    + " stored as they are; only for storage encrypted by other means");
            return;
        }
        String problem = "no backup encryption key: set day2.backup.keys.<id> (+ day2.backup.active-key) or"
                + " day2.backup.encryption-key (generate one: head -c 32 /dev/urandom | base64), or"
                + " day2.backup.allow-plaintext=true for storage you encrypt yourself";
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException(problem);
        }
        Log.warn(problem + " (allowed in dev and test only)");
    }

    public Keyring keyring() {
        return keyring;
    }

    /**
     * Starts a new backup's encryption: a random data key, wrapped by the active key into {@code keys.json} (written
     * now, outside the manifest); null when there is no key (plaintext allowed).
     */
    public EnvelopeSealer begin(StorageLocation location, String backup, String cluster) throws IOException {
        if (keyring.isEmpty()) {
            return null;
        }
        byte[] dataKey = Keyring.newDataKey();
        writeKeys(
                location,
                new BackupKeys(
                        BackupKeys.FORMAT,
                        backup,
                        cluster,
                        List.of(keyring.wrap(dataKey, BackupKeys.context(backup, cluster))),
                        null));
        return new EnvelopeSealer(dataKey, backup, cluster);
    }

    /**
     * Ends a backup's encryption once its manifest is written: {@code keys.json} gets the manifest's HMAC, so that the
     * backup can be trusted from storage alone (a standby site without its catalog entry).
     */
    public static void finish(StorageLocation location, EnvelopeSealer sealer, String backup, byte[] manifest)
            throws IOException {
        if (sealer != null) {
            writeKeys(location, readKeys(location, backup).withManifestHmac(sealer.manifestHmac(manifest)));
        }
    }

    /**
     * Checks the manifest of a backup found in storage without a catalog entry (nothing recorded its sha256): only an
     * encrypted backup whose {@code keys.json} holds the manifest's HMAC under its data key is trusted.
     *
     * @throws CorruptBackupException naming why it is not
     */
    public void verifyUncatalogued(StorageLocation location, BackupManifest manifest, byte[] bytes) throws IOException {
        String backup = manifest.name();
        if (manifest.encryption() == null
                || !EnvelopeSealer.ALGORITHM.equals(manifest.encryption().algorithm())) {
            throw new CorruptBackupException("backup " + backup + " is not in the catalog and its manifest cannot be"
                    + " verified (it was written without a data key, so no keyed HMAC); refusing to restore from an"
                    + " unverified manifest");
        }
        BackupKeys keys = readKeys(location, backup);
        if (!envelope(keys, manifest).verifiesManifest(bytes, keys.manifestHmac())) {
            throw new CorruptBackupException("backup " + backup + ": its " + BackupWriter.MANIFEST + " does not"
                    + " verify against the HMAC in " + BackupKeys.PART + " (altered, or not written by a backup-service"
                    + " holding its key); refusing to restore from it");
        }
    }

    /** The data key of {@code keys}, unwrapped, at work for the backup of {@code manifest}. */
    private EnvelopeSealer envelope(BackupKeys keys, BackupManifest manifest) {
        if (!manifest.name().equals(keys.backup()) || !manifest.cluster().equals(keys.cluster())) {
            throw new IllegalArgumentException("backup " + manifest.name() + ": its " + BackupKeys.PART
                    + " belongs to backup " + keys.backup() + " of cluster " + keys.cluster());
        }
        byte[] dataKey = keyring.unwrap(keys.dataKeys(), BackupKeys.context(manifest.name(), manifest.cluster()));
        return new EnvelopeSealer(dataKey, manifest.name(), manifest.cluster());
    }

    /** How a restore from {@code location} decrypts and, for a backup outside the catalog, verifies. */
    public Decryption decryption(StorageLocation location) {
        return new Decryption() {
            @Override
            public DocumentSealer of(BackupManifest manifest) throws IOException {
                return opener(location, manifest);
            }

            @Override
            public void verifyUncatalogued(BackupManifest manifest, byte[] bytes) throws IOException {
                BackupEncryption.this.verifyUncatalogued(location, manifest, bytes);
            }
        };
    }

    /** The manifest's {@code encryption} of a backup {@link #begin} sealed. */
    public BackupManifest.Encryption manifestEntry(EnvelopeSealer sealer) {
        return sealer == null ? null : new BackupManifest.Encryption(EnvelopeSealer.ALGORITHM, keyring.activeId());
    }

    /** Writes a backup's {@code keys.json} (replacing it). */
    public static void writeKeys(StorageLocation location, BackupKeys keys) throws IOException {
        try (OutputStream out = location.create(keys.backup(), BackupKeys.PART)) {
            out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(keys));
        }
    }

    /** Reads a backup's {@code keys.json}. */
    public static BackupKeys readKeys(StorageLocation location, String backup) throws IOException {
        try (InputStream in = location.open(backup, BackupKeys.PART)) {
            return Json.MAPPER.readValue(in, BackupKeys.class);
        } catch (NoSuchFileException e) {
            throw new IOException("backup " + backup + " is encrypted but has no " + BackupKeys.PART, e);
        }
    }

    /**
     * What decrypts a stored backup: null for a plaintext one, the data key from {@code keys.json} for an envelope-
     * encrypted one, the master key itself for one written before envelopes.
     *
     * @throws io.day2ops.backup.crypto.KeyUnavailableException when the keyring lacks the key it needs
     */
    public DocumentSealer opener(StorageLocation location, BackupManifest manifest) throws IOException {
        BackupManifest.Encryption encryption = manifest.encryption();
        if (encryption == null) {
            return null;
        }
        if (EnvelopeSealer.ALGORITHM.equals(encryption.algorithm())) {
            return envelope(readKeys(location, manifest.name()), manifest);
        }
        return keyring.key(encryption.keyId())
                .map(key -> SecretSealer.of(key.getEncoded()))
                .orElseThrow(() -> new io.day2ops.backup.crypto.KeyUnavailableException(
                        "backup " + manifest.name() + " has Secrets encrypted with key " + encryption.keyId()
                                + ", which the keyring " + keyring.ids() + " does not hold"));
    }
}
