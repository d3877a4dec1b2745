package io.day2ops.backup.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a backup holds, per object, for the fleet catalogue: resource, kind, namespace, name, resourceVersion and a
 * content hash — sha256 of the object without its server-set fields (status, uid, resourceVersion, generation,
 * timestamps, managedFields, owner references), so two backups of an unchanged object hash the same, whatever the
 * controllers wrote to its status. Sealed objects (Secrets) are not hashed: their contents never leave the backup
 * encrypted-only; their change shows in resourceVersion. Bounded: past {@code max} entries the rest are counted, not
 * kept, and the backup log says so. An object listed twice is kept once (the first).
 *
 * <p>With a {@link Writer}, every {@link #CHUNK} entries are handed to it while the capture goes on, one write after
 * the other, so the catalogue's rows are written while the cluster is still being read instead of after it;
 * {@link #finish} waits for what is in flight and says how many entries are already written.
 */
public final class ObjectIndex {

    /** One object. */
    public record Entry(
            String resource, String kind, String namespace, String name, String resourceVersion, String sha256) {}

    /** Writes a backup's entries while it is captured. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes {@code chunk}, the next entries in order; {@code first}: the first chunk, which replaces whatever an
         * earlier attempt of the same backup wrote.
         */
        CompletionStage<Void> write(List<Entry> chunk, boolean first);
    }

    /**
     * What the capture indexed: every entry, how many of the first are already written ({@code written}; the rest are
     * not, or were not all written when {@code failure} is set) and the time the writes took.
     */
    public record Indexed(List<Entry> entries, int written, Duration writing, String failure) {

        public static Indexed of(List<Entry> entries) {
            return new Indexed(entries, 0, Duration.ZERO, null);
        }
    }

    /** Entries per write while capturing. */
    public static final int CHUNK = 2_500;

    private static final Set<String> SERVER_METADATA = Set.of(
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "managedFields",
            "selfLink",
            "ownerReferences");

    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int max;
    private final List<Entry> entries = new ArrayList<>();
    private long dropped;
    private long hashing;
    private final Set<List<String>> seen = new HashSet<>();
    private Writer writer;
    private int handed;
    private int written;
    private long writing;
    private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);

    public ObjectIndex(int max) {
        this.max = max;
    }

    /** Hands every {@link #CHUNK} entries to {@code writer} as they are indexed. */
    public synchronized ObjectIndex writingTo(Writer writer) {
        this.writer = writer;
        return this;
    }

    void add(String resource, String kind, String namespace, ObjectNode object, boolean sealed) {
        synchronized (this) {
            if (entries.size() >= max) {
                dropped++;
                return;
            }
        }
        long start = System.nanoTime();
        var metadata = object.path("metadata");
        Entry entry = new Entry(
                resource,
                kind,
                namespace == null ? "" : namespace,
                metadata.path("name").asText(),
                metadata.path("resourceVersion").asText(null),
                sealed ? null : hash(object)); // outside the lock: resources are captured in parallel
        synchronized (this) {
            hashing += System.nanoTime() - start;
            if (entries.size() >= max) {
                dropped++;
            } else if (seen.add(List.of(entry.resource(), entry.namespace(), entry.name()))) {
                entries.add(entry);
                if (writer != null && entries.size() - handed >= CHUNK) {
                    hand();
                }
            }
        }
    }

    /** Hands the entries not yet handed to the writer, after the writes before them; holding the lock. */
    private void hand() {
        List<Entry> chunk = List.copyOf(entries.subList(handed, entries.size()));
        boolean first = handed == 0;
        handed = entries.size();
        Writer to = writer;
        writes = writes.thenCompose(done -> {
            long start = System.nanoTime();
            return to.write(chunk, first).thenRun(() -> {
                synchronized (this) {
                    written += chunk.size();
                    writing += System.nanoTime() - start;
                }
            });
        });
    }

    /**
     * Waits up to {@code wait} for the writes in flight (none are started after this) and says what is written. The
     * entries after {@code written} are the caller's to write.
     */
    public Indexed finish(Duration wait) throws InterruptedException {
        CompletableFuture<Void> pending;
        synchronized (this) {
            pending = writes;
            writer = null;
        }
        String failure = null;
        try {
            pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            failure = String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            failure = "the catalogue's writes did not finish within " + wait;
        }
        synchronized (this) {
            return new Indexed(List.copyOf(entries), written, Duration.ofNanos(writing), failure);
        }
    }

    /** Time spent hashing, summed over the capture's threads. */
    public synchronized Duration hashing() {
        return Duration.ofNanos(hashing);
    }

    /** What was indexed. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Objects past the bound, not indexed. */
    public synchronized long dropped() {
        return dropped;
    }

    /**
     * sha256 of the object's JSON without {@code status} and the server-set metadata, as the mapper writes it. Streamed
     * into the digest field by field (no copy of the object, no byte array): the same bytes, so the same hash, as
     * serializing a stripped copy — which is how backups indexed before this was written were hashed.
     */
    static String hash(ObjectNode object) {
        MessageDigest digest = sha256();
        try (JsonGenerator out =
                Json.MAPPER.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
            out.writeStartObject();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getKey().equals("status")) {
                    continue;
                }
                out.writeFieldName(field.getKey());
                if (field.getKey().equals("metadata") && field.getValue() instanceof ObjectNode metadata) {
                    out.writeStartObject();
                    for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
                        if (!SERVER_METADATA.contains(entry.getKey())) {
                            out.writeFieldName(entry.getKey());
                            Json.MAPPER.writeTree(out, entry.getValue());
                        }
                    }
                    out.writeEndObject();
                } else {
                    Json.MAPPER.writeTree(out, field.getValue());
                }
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot hash an object for the catalogue", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}
