package io.day2ops.backup.restore.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;
import java.util.Map;

/** {@code storageClassMapping}: claims and StatefulSet volume claim templates get the target cluster's class. */
@Singleton
public class StorageClassMapping implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("persistentvolumeclaims") || resource.equals("statefulsets.apps");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        Map<String, String> mapping = restore.request().storageClassMapping();
        if (mapping == null || mapping.isEmpty()) {
            return Result.proceed();
        }
        ObjectNode desired = item.desired();
        if (desired.path("kind").asText().equals("StatefulSet")) {
            for (JsonNode template : desired.path("spec").path("volumeClaimTemplates")) {
                map(template.path("spec"), mapping);
            }
        } else {
            map(desired.path("spec"), mapping);
        }
        return Result.proceed();
    }

    @Override
    public int order() {
        return 20;
    }

    private static void map(JsonNode spec, Map<String, String> mapping) {
        String from = spec.path("storageClassName").asText(null);
        if (spec instanceof ObjectNode object && from != null && mapping.containsKey(from)) {
            object.put("storageClassName", mapping.get(from));
        }
    }
}
