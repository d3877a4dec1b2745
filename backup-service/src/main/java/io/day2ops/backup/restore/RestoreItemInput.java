package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One backed-up object on its way into the target cluster.
 *
 * @param resource Velero's resource name, {@code deployments.apps}
 * @param backedUp the object as the backup holds it (read only: owner references, status, server fields intact)
 * @param desired what will be created: already sanitized and mapped by {@link ObjectSanitizer}; actions change it
 * @param sourceNamespace the namespace in the backup, null for cluster-scoped objects
 * @param targetNamespace the namespace restored into, null for cluster-scoped objects
 */
public record RestoreItemInput(
        String resource, JsonNode backedUp, ObjectNode desired, String sourceNamespace, String targetNamespace) {

    /** The name the object is created under. */
    public String name() {
        return desired.path("metadata").path("name").asText();
    }

    /** The object's {@code spec}, or null when it has none. */
    public ObjectNode spec() {
        return desired.path("spec") instanceof ObjectNode spec ? spec : null;
    }
}
