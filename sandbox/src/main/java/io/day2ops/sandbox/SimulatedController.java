package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/** What every simulated controller shares: the store, the time scale, and when each pod's containers started. */
abstract class SimulatedController implements Controller {

    static final ObjectMapper JSON = new ObjectMapper();

    final Store store;
    /** Times from the objects (probe delays, progress deadlines) are divided by this. */
    final double speed;
    /** When each pod's containers started (sandbox clock, ms), by pod uid; readiness counts from here. */
    final Map<String, Long> startedAt;

    SimulatedController(Store store, double speed, Map<String, Long> startedAt) {
        this.store = store;
        this.speed = speed;
        this.startedAt = startedAt;
    }

    /** Deletes a pod, and forgets when it started. */
    void deletePod(JsonNode pod) {
        store.delete("/api/v1/namespaces/" + KubeObjects.ns(pod) + "/pods/" + KubeObjects.name(pod));
        startedAt.remove(pod.path("metadata").path("uid").asText());
    }

    /** Writes {@code status} through the status subresource, unless it is what the object has already. */
    void writeStatus(String path, JsonNode current, ObjectNode status) {
        if (!Objects.equals(current.path("status"), status)) {
            store.replaceStatus(path, current, status);
        }
    }
}
