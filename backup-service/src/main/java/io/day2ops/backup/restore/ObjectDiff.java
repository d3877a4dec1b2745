package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What restoring an object would change in the live one, as an RFC 6902 JSON patch: {@code add} for what the live
 * object lacks, {@code replace} for what differs. It compares what the restore would send (the backed-up object after
 * sanitizing and the item actions) with the live object after the same sanitizing, so server-set fields (uid,
 * resourceVersion, timestamps, managedFields, status, controller annotations) never count. Fields only the live object
 * has are kept, as {@code existingResourcePolicy: update}'s merge patch keeps them: the patch is exactly what an update
 * would apply. Lists are compared whole, as a merge patch replaces them whole.
 */
public final class ObjectDiff {

    /** Labels a restore sets on what it creates; not part of what the backup holds. */
    static final List<String> RESTORE_LABELS = List.of(RestoredBy.RESTORE_LABEL, RestoredBy.BACKUP_LABEL);

    private ObjectDiff() {}

    /** The patch that brings {@code live} to {@code desired}; empty when restoring it would change nothing. */
    public static ArrayNode patch(ObjectNode desired, ObjectNode live) {
        ObjectNode current = withoutRestoreLabels(ObjectSanitizer.sanitize(live, namespace -> namespace));
        ArrayNode operations = Json.MAPPER.createArrayNode();
        walk("", withoutRestoreLabels(desired.deepCopy()), current, operations);
        return operations;
    }

    /** {@code object} without the labels a restore sets (and without {@code labels} when nothing else is left). */
    private static ObjectNode withoutRestoreLabels(ObjectNode object) {
        if (object.path("metadata").path("labels") instanceof ObjectNode labels) {
            RESTORE_LABELS.forEach(labels::remove);
            if (labels.isEmpty()) {
                ((ObjectNode) object.get("metadata")).remove("labels");
            }
        }
        return object;
    }

    private static void walk(String path, ObjectNode desired, ObjectNode current, ArrayNode operations) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = desired.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "/" + escape(field.getKey());
            JsonNode want = field.getValue();
            JsonNode have = current.get(field.getKey());
            if (have == null || have.isNull()) {
                if (!want.isNull()) {
                    operations.add(operation("add", at, want));
                }
            } else if (want instanceof ObjectNode wantObject && have instanceof ObjectNode haveObject) {
                walk(at, wantObject, haveObject, operations);
            } else if (!equal(want, have)) {
                operations.add(operation("replace", at, want));
            }
        }
    }

    /** Equal as the API server stores them: 3 and 3.0 are one number. */
    private static boolean equal(JsonNode want, JsonNode have) {
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        return want.equals(have);
    }

    private static ObjectNode operation(String op, String path, JsonNode value) {
        ObjectNode operation = Json.MAPPER.createObjectNode().put("op", op).put("path", path);
        operation.set("value", value);
        return operation;
    }

    /** RFC 6901: {@code ~} is {@code ~0}, {@code /} is {@code ~1} (annotation keys have slashes). */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
