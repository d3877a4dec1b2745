package io.day2ops.backup.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.Json;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectIndexTest {

    private static ObjectNode configMap(int i, String resourceVersion) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-%d","namespace":"bench",
                 "uid":"0b8e5c2e-%d","resourceVersion":"%s","generation":3,"creationTimestamp":"2026-12-03T10:00:00Z",
                 "labels":{"app":"bench","tier":"db"},"annotations":{"a":"b"},
                 "managedFields":[{"manager":"kubectl","operation":"Apply","fieldsV1":{"f:data":{}}}],
                 "ownerReferences":[{"kind":"X","name":"y"}],"finalizers":[]},
                 "data":{"value":"cm-%d cm-%d","empty":""},"binaryData":null,"immutable":false,
                 "status":{"phase":"whatever"},"list":[1,2.5,true,null,{"x":[]}]}
                """.formatted(i, i, resourceVersion, i, i));
    }

    /** The hash before it was streamed: a copy without the server-set fields, serialized, digested. */
    private static String copiedHash(ObjectNode object) throws Exception {
        ObjectNode content = object.deepCopy();
        content.remove("status");
        if (content.path("metadata") instanceof ObjectNode metadata) {
            List.of(
                            "uid",
                            "resourceVersion",
                            "generation",
                            "creationTimestamp",
                            "managedFields",
                            "selfLink",
                            "ownerReferences")
                    .forEach(metadata::remove);
        }
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Json.MAPPER.writeValueAsBytes(content)));
    }

    @Test
    void theStreamedHashIsTheHashEveryEarlierBackupStored() throws Exception {
        // backups indexed before the hash was streamed must compare equal with backups indexed after it
        for (int i = 0; i < 50; i++) {
            ObjectNode object = configMap(i, "r" + i);
            assertEquals(copiedHash(object), ObjectIndex.hash(object));
        }
        ObjectNode noMetadata = (ObjectNode) Json.MAPPER.readTree("{\"kind\":\"X\",\"spec\":{\"a\":1}}");
        assertEquals(copiedHash(noMetadata), ObjectIndex.hash(noMetadata));
    }

    @Test
    void serverSetFieldsDoNotChangeTheHashContentDoes() throws Exception {
        ObjectNode object = configMap(1, "r1");
        ObjectNode rewritten = configMap(1, "r99");
        ((ObjectNode) rewritten.path("status")).put("phase", "other");
        assertEquals(ObjectIndex.hash(object), ObjectIndex.hash(rewritten));
        ((ObjectNode) rewritten.path("data")).put("value", "changed");
        assertNotEquals(ObjectIndex.hash(object), ObjectIndex.hash(rewritten));
        // hashing never changes the object that is archived
        assertEquals("r1", object.path("metadata").path("resourceVersion").asText());
        assertEquals("whatever", object.path("status").path("phase").asText());
    }

    @Test
    void sealedObjectsAreIndexedWithoutAHashAndTheBoundCounts() throws Exception {
        ObjectIndex index = new ObjectIndex(2);
        index.add("secrets", "Secret", "bench", configMap(1, "r1"), true);
        index.add("configmaps", "ConfigMap", "bench", configMap(2, "r2"), false);
        index.add("configmaps", "ConfigMap", "bench", configMap(3, "r3"), false);
        assertNull(index.entries().get(0).sha256());
        assertEquals(
                ObjectIndex.hash(configMap(2, "r2")), index.entries().get(1).sha256());
        assertEquals(1, index.dropped());
    }

    @Test
    void anObjectListedTwiceIsIndexedOnceAsFirstListed() throws Exception {
        ObjectIndex index = new ObjectIndex(10);
        index.add("configmaps", "ConfigMap", "a", configMap(1, "r1"), false);
        index.add("configmaps", "ConfigMap", "a", configMap(1, "r2"), false);
        index.add("configmaps", "ConfigMap", "b", configMap(1, "r3"), false);
        index.add("configmaps", "ConfigMap", null, configMap(1, "r4"), false);
        assertEquals(
                List.of("r1", "r3", "r4"),
                index.entries().stream().map(ObjectIndex.Entry::resourceVersion).toList());
    }

    @Test
    void chunksAreWrittenInOrderWhileCapturingAndFinishSaysHowManyAreWritten() throws Exception {
        List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.CompletableFuture<Void> secondDone = new java.util.concurrent.CompletableFuture<>();
        ObjectIndex index = new ObjectIndex(100_000).writingTo((chunk, first) -> {
            calls.add(chunk.get(0).name() + "+" + chunk.size() + (first ? " first" : ""));
            // the second write completes late: the third must not start before it
            return calls.size() == 2 ? secondDone : java.util.concurrent.CompletableFuture.completedFuture(null);
        });
        int objects = ObjectIndex.CHUNK * 3 + 7;
        for (int i = 0; i < objects; i++) {
            index.add("configmaps", "ConfigMap", "a", configMap(i, "r"), false);
        }
        assertEquals(List.of("cm-0+2500 first", "cm-2500+2500"), calls);
        new Thread(() -> secondDone.complete(null)).start();
        ObjectIndex.Indexed indexed = index.finish(java.time.Duration.ofSeconds(10));
        assertEquals(List.of("cm-0+2500 first", "cm-2500+2500", "cm-5000+2500"), calls);
        assertEquals(ObjectIndex.CHUNK * 3, indexed.written(), "the last 7 are the completion's to write");
        assertEquals(objects, indexed.entries().size());
        assertNull(indexed.failure());
        index.add("configmaps", "ConfigMap", "b", configMap(1, "r"), false);
        assertEquals(3, calls.size(), "nothing is handed to the writer after finish");
    }

    @Test
    void aFailedWriteStopsTheWritesAfterItAndIsReported() throws Exception {
        List<Boolean> firsts = new java.util.ArrayList<>();
        ObjectIndex index = new ObjectIndex(100_000).writingTo((chunk, first) -> {
            firsts.add(first);
            return firsts.size() == 1
                    ? java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("database down"))
                    : java.util.concurrent.CompletableFuture.completedFuture(null);
        });
        for (int i = 0; i < ObjectIndex.CHUNK * 2; i++) {
            index.add("configmaps", "ConfigMap", "a", configMap(i, "r"), false);
        }
        ObjectIndex.Indexed indexed = index.finish(java.time.Duration.ofSeconds(10));
        assertEquals(List.of(true), firsts, "the second chunk is not written after the first failed");
        assertEquals(0, indexed.written());
        org.junit.jupiter.api.Assertions.assertTrue(indexed.failure().contains("database down"), indexed.failure());
    }
}
