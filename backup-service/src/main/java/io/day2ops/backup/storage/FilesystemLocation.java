package io.day2ops.backup.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** A storage location on a filesystem: {@code <root>/<backup>/<part>}. Parts are written to a temp file, then moved. */
public final class FilesystemLocation implements StorageLocation {

    private final String name;
    private final Path root;
    private final boolean readOnly;

    public FilesystemLocation(String name, Path root, boolean readOnly) {
        this.name = name;
        this.root = root.toAbsolutePath().normalize();
        this.readOnly = readOnly;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /** The folder holding one sub-folder per backup. */
    public Path root() {
        return root;
    }

    @Override
    public String uri(String backup) {
        return root.resolve(backup).toUri().toString();
    }

    @Override
    public OutputStream create(String backup, String part) throws IOException {
        Path target = resolve(backup, part);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".partial");
        return new CommitOnClose(
                Files.newOutputStream(temp),
                () -> Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
    }

    @Override
    public InputStream open(String backup, String part) throws IOException {
        return Files.newInputStream(resolve(backup, part));
    }

    @Override
    public void delete(String backup) throws IOException {
        Path dir = resolve(backup, null);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private Path resolve(String backup, String part) {
        Path dir = root.resolve(StorageLocation.checkedPart(backup)).normalize();
        Path path = part == null
                ? dir
                : dir.resolve(StorageLocation.checkedPart(part)).normalize();
        if (!path.startsWith(dir) || !dir.getParent().equals(root)) {
            throw new IllegalArgumentException("path " + path + " escapes storage location " + name);
        }
        return path;
    }

    @Override
    public String toString() {
        return "filesystem location " + name + " at " + root;
    }
}
