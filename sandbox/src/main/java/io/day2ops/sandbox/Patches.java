package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Iterator;
import java.util.Map;

/** The three patch types {@code kubectl} and our client send, applied to a stored object. */
final class Patches {

    private Patches() {}

    /** Applies {@code patch} of the given content type to a copy of {@code target}. */
    static JsonNode apply(String contentType, JsonNode target, JsonNode patch) {
        String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/json-patch+json")) {
            return JsonPatch.apply(patch, target);
        }
        if (type.startsWith("application/strategic-merge-patch+json")) {
            return merge(target.deepCopy(), patch, true);
        }
        if (type.startsWith("application/merge-patch+json") || type.startsWith("application/json")) {
            return merge(target.deepCopy(), patch, false);
        }
        throw new UnsupportedOperationException("patch type " + contentType + " is not supported by the sandbox");
    }

    /**
     * RFC 7386 merge; with {@code strategic}, lists of objects that all carry a {@code name} (containers, ports, env,
     * volumes...) are merged item by item by name, as Kubernetes' strategic merge does for its list types, and
     * {@code $patch: delete} removes an item. Other lists are replaced.
     */
    static JsonNode merge(JsonNode target, JsonNode patch, boolean strategic) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject()
                ? (ObjectNode) target
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (strategic && key.startsWith("$")) {
                continue;
            }
            if (value.isNull()) {
                result.remove(key);
            } else if (value.isObject()) {
                result.set(key, merge(result.get(key), value, strategic));
            } else if (strategic && value.isArray() && isNamedList(value) && isNamedList(result.get(key))) {
                result.set(key, mergeByName((ArrayNode) result.get(key), (ArrayNode) value));
            } else {
                result.set(key, value.deepCopy());
            }
        }
        return result;
    }

    private static boolean isNamedList(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            return list != null && list.isArray();
        }
        for (JsonNode item : list) {
            if (!item.isObject() || !item.has("name")) {
                return false;
            }
        }
        return true;
    }

    private static ArrayNode mergeByName(ArrayNode target, ArrayNode patch) {
        ArrayNode result = target.deepCopy();
        for (JsonNode item : patch) {
            String name = item.get("name").asText();
            int index = -1;
            for (int i = 0; i < result.size(); i++) {
                if (name.equals(result.get(i).path("name").asText())) {
                    index = i;
                    break;
                }
            }
            boolean delete = "delete".equals(item.path("$patch").asText());
            if (delete) {
                if (index >= 0) {
                    result.remove(index);
                }
            } else if (index >= 0) {
                result.set(index, merge(result.get(index), item, true));
            } else {
                result.add(
                        merge(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), item, true));
            }
        }
        return result;
    }
}
