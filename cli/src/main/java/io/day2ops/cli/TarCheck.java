package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Checks a downloaded backup tar the way backup-service checks its storage before a restore: the manifest's sha256,
 * then every part the manifest lists, present with its recorded size and sha256. Reads ustar and PAX headers (long
 * names), which is all the service writes.
 */
final class TarCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was checked: the manifest's sha256 and how many parts matched it. */
    record Result(String manifestSha256, int parts) {}

    private TarCheck() {}

    static Result verify(Path file, String backup) throws IOException {
        Map<String, String> sha256 = new HashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        byte[] manifest = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            String longName = null;
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = text(header, 0, 100);
                long size = Long.parseLong(text(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                if (type == 'x') { // PAX: "<len> path=<name>\n" records for the next entry
                    String pax = new String(in.readNBytes((int) size), StandardCharsets.UTF_8);
                    skip(in, pad(size));
                    for (String record : pax.split("\n")) {
                        int at = record.indexOf(" path=");
                        if (at >= 0) {
                            longName = record.substring(at + 6);
                        }
                    }
                    continue;
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                String prefix = backup + "/";
                String path = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
                MessageDigest digest = sha256();
                if (path.equals("manifest.json")) {
                    manifest = in.readNBytes((int) size);
                    digest.update(manifest);
                } else {
                    byte[] buffer = new byte[64 * 1024];
                    for (long left = size; left > 0; ) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            throw new CliError(CliError.FAILED, file + ": " + path + " is cut short");
                        }
                        digest.update(buffer, 0, n);
                        left -= n;
                    }
                }
                skip(in, pad(size));
                sha256.put(path, HexFormat.of().formatHex(digest.digest()));
                sizes.put(path, size);
            }
        }
        if (manifest == null) {
            throw new CliError(CliError.FAILED, file + " holds no manifest.json: it is not a day2ops backup");
        }
        JsonNode parts = JSON.readTree(manifest).path("parts");
        for (JsonNode part : parts) {
            String path = part.path("path").asText();
            if (!part.path("sha256").asText().equals(sha256.get(path))
                    || part.path("size").asLong() != sizes.getOrDefault(path, -1L)) {
                throw new CliError(
                        CliError.FAILED,
                        file + ": part " + path + (sha256.containsKey(path) ? " does not match" : " is missing from")
                                + " its manifest; the download is not the backup");
            }
        }
        return new Result(sha256.get("manifest.json"), parts.size());
    }

    private static String text(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.UTF_8);
    }

    private static long pad(long size) {
        return (512 - size % 512) % 512;
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
