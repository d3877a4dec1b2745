package io.day2ops.backup.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** Who owns an object, read from its {@code metadata.ownerReferences}. */
public final class Owners {

    private Owners() {}

    /** Whether a controller (a ReplicaSet, a Deployment, …) owns it and so recreates it. */
    public static boolean ownedByController(JsonNode object) {
        for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }
}
