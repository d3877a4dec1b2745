package io.day2ops.backup.service;

import io.day2ops.backup.crypto.BackupKeys;
import io.day2ops.backup.crypto.MasterKeys;
import io.day2ops.backup.domain.Backup;
import io.day2ops.backup.repository.BackupRepository;
import io.day2ops.backup.storage.StorageLocation;
import io.day2ops.backup.storage.StorageLocations;
import io.day2ops.foundation.runtime.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Key rotation: which backups need which master key, and {@code rewrap} — every backup's data key re-wrapped under
 * one key of the ring (the active one by default), without re-encrypting any data: only its {@code keys.json} is
 * rewritten, the manifest and every checksum stay as they are. Once no backup needs a key, it may leave the ring.
 */
@ApplicationScoped
public class KeyRotation {

    private final BackupRepository backups;
    private final StorageLocations locations;
    private final MasterKeys keyring;

    public KeyRotation(BackupRepository backups, StorageLocations locations, BackupEncryption encryption) {
        this.backups = backups;
        this.locations = locations;
        this.keyring = encryption.keyring();
    }

    /**
     * The keyring and what needs each key.
     *
     * @param activeKey the key new backups are wrapped with
     * @param keys per key of the ring, the backups that need it (none: it may be removed)
     * @param missing per key NOT in the ring, the backups that need it: they cannot be restored until it is back
     */
    public record KeyReport(String activeKey, Map<String, List<String>> keys, Map<String, List<String>> missing) {}

    /** What happened in a rewrap: backups re-wrapped, and those that could not be, with the reason. */
    public record RewrapReport(String keyId, List<String> rewrapped, Map<String, String> failed) {}

    /**
     * At start: a keyring that lacks a key some backup needs is refused outside dev and test (a key was removed too
     * early), naming the backups; in dev and test it is an error in the log.
     */
    void check(@Observes StartupEvent start) throws Throwable {
        String refusal = refusal(VertxContextSupport.subscribeAndAwait(this::report));
        if (refusal == null) {
            return;
        }
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException(refusal);
        }
        Log.error(refusal);
    }

    public Uni<KeyReport> report() {
        return backups.keyUsage().map(usage -> report(keyring, usage));
    }

    static KeyReport report(MasterKeys keyring, Map<String, List<String>> usage) {
        Map<String, List<String>> keys = new TreeMap<>();
        keyring.ids().forEach(id -> keys.put(id, usage.getOrDefault(id, List.of())));
        Map<String, List<String>> missing = new TreeMap<>(usage);
        missing.keySet().removeAll(keyring.ids());
        return new KeyReport(keyring.activeId(), keys, missing);
    }

    /** Why the service must not run with this keyring (backups need keys it lacks), or null. */
    static String refusal(KeyReport report) {
        if (report.missing().isEmpty()) {
            return null;
        }
        StringBuilder message = new StringBuilder("the keyring lacks keys that backups need:");
        report.missing()
                .forEach((id, names) -> message.append(" key ")
                        .append(id)
                        .append(" by ")
                        .append(names.size())
                        .append(" backups ")
                        .append(names.subList(0, Math.min(10, names.size())))
                        .append(';'));
        return message.append(" put them back into day2.backup.keys (then rewrap to the active key before removing"
                        + " one), or delete those backups")
                .toString();
    }

    /** Re-wraps every backup not wrapped by {@code keyId} (the active key when null) under it. */
    public Uni<RewrapReport> rewrap(String keyId) {
        String target = keyId == null ? keyring.activeId() : keyId;
        if (target == null || !keyring.ids().contains(target)) {
            return Uni.createFrom()
                    .failure(new IllegalArgumentException(
                            "key '" + target + "' is not in the keyring " + keyring.ids()));
        }
        List<String> done = new ArrayList<>();
        Map<String, String> failed = new TreeMap<>();
        return backups.notWrappedBy(target)
                .onItem()
                .transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem()
                .transformToUniAndConcatenate(backup -> VertxContexts.blocking(() -> {
                            rewrap(backup, target);
                            return backup.name;
                        })
                        .chain(name -> Panache.withTransaction(() -> backups.rewrapped(name, target)))
                        .invoke(() -> done.add(backup.name))
                        .onFailure()
                        .recoverWithItem(failure -> {
                            failed.put(backup.name, String.valueOf(failure.getMessage()));
                            return 0;
                        }))
                .collect()
                .last()
                .map(ignored -> {
                    Log.infof(
                            "rewrap to key %s: %d backups re-wrapped, %d failed %s",
                            target, done.size(), failed.size(), failed);
                    return new RewrapReport(target, List.copyOf(done), failed);
                });
    }

    private void rewrap(Backup backup, String target) throws java.io.IOException {
        StorageLocation location = locations
                .byName(backup.storageLocation)
                .orElseThrow(() -> new IllegalStateException(locations.unknownLocationMessage(backup.storageLocation)));
        if (location.readOnly()) {
            throw new IllegalStateException("storage location " + location.name() + " is read-only");
        }
        BackupKeys keys;
        try {
            keys = BackupEncryption.readKeys(location, backup.name);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("its Secrets are sealed directly with key " + backup.dataKeyId
                    + " (written before data keys): it cannot be re-wrapped; keep that key while the backup is kept");
        }
        String context = BackupKeys.context(backup.name, backup.cluster);
        byte[] dataKey = keyring.unwrap(keys.dataKeys(), context);
        // the manifest's HMAC stays: it is keyed by the data key, which does not change
        BackupEncryption.writeKeys(location, keys.withDataKeys(List.of(keyring.wrap(dataKey, context, target))));
    }
}
