package io.day2ops.backup.storage;

import io.day2ops.backup.config.BackupConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configured storage locations ({@code day2.storage.locations.<name>.*}), by name. */
@ApplicationScoped
public class StorageLocations {

    private final Map<String, StorageLocation> locations = new LinkedHashMap<>();
    private final String defaultLocation;

    public StorageLocations(BackupConfig config) {
        this.defaultLocation = config.storage().defaultLocation();
        config.storage().locations().forEach((name, settings) -> locations.put(name, create(name, settings)));
    }

    /** The location called {@code name}; null or blank means the default one. */
    public Optional<StorageLocation> byName(String name) {
        return Optional.ofNullable(locations.get(name == null || name.isBlank() ? defaultLocation : name));
    }

    /** The first location holding a manifest for {@code backup}, ReadOnly ones included. Blocking. */
    public Optional<StorageLocation> findBackup(String backup) {
        for (StorageLocation location : locations.values()) {
            try (InputStream in = location.open(backup, BackupWriter.MANIFEST)) {
                return Optional.of(location);
            } catch (IOException | IllegalArgumentException notThere) {
                // next location
            }
        }
        return Optional.empty();
    }

    /** The name a request's location resolves to. */
    public String resolve(String name) {
        return name == null || name.isBlank() ? defaultLocation : name;
    }

    /** The filesystem locations backups are written to (not ReadOnly), by name. */
    public Map<String, FilesystemLocation> writableFolders() {
        Map<String, FilesystemLocation> folders = new LinkedHashMap<>();
        locations.forEach((name, location) -> {
            if (location instanceof FilesystemLocation folder && !folder.readOnly()) {
                folders.put(name, folder);
            }
        });
        return folders;
    }

    public Set<String> names() {
        return locations.keySet();
    }

    /** What a person must do about an unknown location name. */
    public String unknownLocationMessage(String name) {
        return "no storage location named '" + resolve(name) + "'; configured: " + names()
                + ". Add day2.storage.locations." + resolve(name) + ".path (filesystem) or .type=s3 and .bucket";
    }

    private static StorageLocation create(String name, BackupConfig.Location settings) {
        boolean readOnly = switch (settings.accessMode()) {
            case "ReadWrite" -> false;
            case "ReadOnly" -> true;
            default ->
                throw new IllegalArgumentException("day2.storage.locations." + name + ".access-mode: '"
                        + settings.accessMode() + "' is neither ReadWrite nor ReadOnly");
        };
        return switch (settings.type()) {
            case "filesystem" ->
                new FilesystemLocation(
                        name,
                        Path.of(settings.path()
                                .orElseThrow(() -> new IllegalArgumentException("day2.storage.locations." + name
                                        + ".path is required for a filesystem location"))),
                        readOnly);
            case "s3" -> S3Location.create(name, settings, readOnly);
            default ->
                throw new IllegalArgumentException("day2.storage.locations." + name + ".type: '" + settings.type()
                        + "' is neither filesystem nor s3");
        };
    }
}
