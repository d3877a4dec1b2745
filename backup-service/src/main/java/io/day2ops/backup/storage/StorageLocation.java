package io.day2ops.backup.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Pattern;

/**
 * A place backups are kept: a folder, or a bucket prefix. Each backup is a folder/prefix of parts; a part becomes
 * visible under its name only when its stream is closed, so a reader never sees half a part.
 */
public interface StorageLocation {

    /** Part paths: relative, slash-separated, no {@code .} or {@code ..} segments. */
    Pattern PART = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*$");

    String name();

    boolean readOnly();

    /** Where a backup is, e.g. {@code file:///var/lib/day2ops/backups/nightly/}. */
    String uri(String backup);

    /** Writes a part; it appears under its name when the stream is closed. */
    OutputStream create(String backup, String part) throws IOException;

    /** Reads a part; {@link java.nio.file.NoSuchFileException} when it is not there. */
    InputStream open(String backup, String part) throws IOException;

    /** Deletes a backup and all its parts; nothing happens when it is not there. */
    void delete(String backup) throws IOException;

    /** Refuses a part path that could escape its backup's folder. */
    static String checkedPart(String part) {
        if (part == null || !PART.matcher(part).matches() || part.contains("..")) {
            throw new IllegalArgumentException("part path '" + part + "' is not allowed: it must stay inside the"
                    + " backup (relative, no '..' segments)");
        }
        return part;
    }
}
