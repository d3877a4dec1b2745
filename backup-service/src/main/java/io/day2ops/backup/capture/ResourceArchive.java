package io.day2ops.backup.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One resource's documents as a {@code .tar.gz} part, entries {@code namespaces/<ns>/<name>.json} or
 * {@code cluster/<name>.json} (Velero's layout under {@code resources/<resource>/}). Fast compression: capture speed
 * matters more than a few percent of size.
 */
final class ResourceArchive implements AutoCloseable {

    private final TarArchiveOutputStream tar;
    private final Date modified;

    ResourceArchive(OutputStream part, Instant modified) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(part, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        this.tar = new TarArchiveOutputStream(gzip);
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        this.modified = Date.from(modified);
    }

    void add(String path, byte[] document) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(document.length);
        entry.setModTime(modified);
        tar.putArchiveEntry(entry);
        tar.write(document);
        tar.closeArchiveEntry();
    }

    /** The entry path of an object: {@code namespaces/<ns>/<name>.json} or {@code cluster/<name>.json}. */
    static String entryPath(String namespace, String name, boolean sealed) {
        if (name.contains("/") || name.equals("..") || (namespace != null && namespace.contains("/"))) {
            throw new IllegalArgumentException("object name '" + name + "' cannot be stored as a path");
        }
        String base = namespace == null ? "cluster/" + name : "namespaces/" + namespace + "/" + name;
        return base + (sealed ? ".json.enc" : ".json");
    }

    @Override
    public void close() throws IOException {
        tar.finish();
        tar.close();
    }
}
