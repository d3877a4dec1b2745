package io.day2ops.backup.capture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a backup holds, per object, for the fleet catalogue: resource, kind, namespace, name, resourceVersion and a
 * content hash — sha256 of the object without its server-set fields (status, uid, resourceVersion, generation,
 * timestamps, managedFields, owner references), so two backups of an unchanged object hash the same, whatever the
 * controllers wrote to its status. Sealed objects (Secrets) are not hashed: their contents never leave the backup
 * encrypted-only; their change shows in resourceVersion. Bounded: past {@code max} entries the rest are counted, not
 * kept, and the backup log says so.
 */
public final class ObjectIndex {

    /** One object. */
    public record Entry(
            String resource, String kind, String namespace, String name, String resourceVersion, String sha256) {}

    private static final List<String> SERVER_METADATA = List.of(
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "managedFields",
            "selfLink",
            "ownerReferences");

    private final int max;
    private final List<Entry> entries = new ArrayList<>();
    private long dropped;

    public ObjectIndex(int max) {
        this.max = max;
    }

    synchronized void add(String resource, String kind, String namespace, ObjectNode object, boolean sealed) {
        if (entries.size() >= max) {
            dropped++;
            return;
        }
        var metadata = object.path("metadata");
        entries.add(new Entry(
                resource,
                kind,
                namespace == null ? "" : namespace,
                metadata.path("name").asText(),
                metadata.path("resourceVersion").asText(null),
                sealed ? null : hash(object)));
    }

    /** What was indexed. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Objects past the bound, not indexed. */
    public synchronized long dropped() {
        return dropped;
    }

    static String hash(ObjectNode object) {
        ObjectNode content = object.deepCopy();
        content.remove("status");
        if (content.path("metadata") instanceof ObjectNode metadata) {
            SERVER_METADATA.forEach(metadata::remove);
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Json.MAPPER.writeValueAsBytes(content)));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash an object for the catalogue", e);
        }
    }
}
