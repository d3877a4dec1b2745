package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;

/**
 * What the simulated controllers see of a sandbox: reads and writes through the same dispatcher as API clients (so
 * watches fire and resource versions move), without HTTP, so that they keep working while the fault switch makes the
 * API unreachable to clients, as a real cluster's controllers do when its API endpoint is cut off.
 */
final class Store {

    private final SandboxDispatcher dispatcher;

    Store(SandboxDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Where the control plane writes what it did. */
    RequestLog log() {
        return dispatcher.requests;
    }

    JsonNode get(String objectPath) {
        return dispatcher.get(objectPath);
    }

    List<JsonNode> list(String collectionPath) {
        return dispatcher.list(collectionPath);
    }

    boolean create(String collectionPath, ObjectNode object) {
        return send(HttpMethod.POST, collectionPath, object);
    }

    /** Replaces the object (its resourceVersion must be current, else nothing happens and false is returned). */
    boolean replace(String objectPath, ObjectNode object) {
        return send(HttpMethod.PUT, objectPath, object);
    }

    boolean replaceStatus(String objectPath, JsonNode current, JsonNode status) {
        ObjectNode next = ((ObjectNode) current).deepCopy();
        next.set("status", status);
        return send(HttpMethod.PUT, objectPath + "/status", next);
    }

    boolean delete(String objectPath) {
        MockResponse response = dispatcher.crud().handleDelete(objectPath);
        return response.code() < 300;
    }

    private boolean send(HttpMethod method, String path, JsonNode body) {
        Headers headers =
                Headers.builder().add("Content-Type", "application/json").build();
        MockResponse response = dispatcher.handle(
                new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer().writeUtf8(body.toString())));
        return response.code() < 300;
    }
}
