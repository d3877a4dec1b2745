package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** {@code storageClassMapping}: claims and StatefulSet volume claim templates get the target cluster's class. */
final class StorageClassMapping implements RestoreItemAction {

    private final Map<String, String> mapping;

    StorageClassMapping(Map<String, String> mapping) {
        this.mapping = mapping;
    }

    @Override
    public boolean appliesTo(String resource) {
        return !mapping.isEmpty()
                && (resource.equals("persistentvolumeclaims") || resource.equals("statefulsets.apps"));
    }

    @Override
    public void execute(ObjectNode desired, String sourceNamespace, String targetNamespace) {
        if (desired.path("kind").asText().equals("StatefulSet")) {
            for (JsonNode template : desired.path("spec").path("volumeClaimTemplates")) {
                map(template.path("spec"));
            }
        } else {
            map(desired.path("spec"));
        }
    }

    private void map(JsonNode spec) {
        String from = spec.path("storageClassName").asText(null);
        if (spec instanceof ObjectNode object && from != null && mapping.containsKey(from)) {
            object.put("storageClassName", mapping.get(from));
        }
    }
}
