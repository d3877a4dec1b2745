package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What every backed-up object loses before it is created: server-set fields (uid, resourceVersion, timestamps,
 * managedFields, owner references, status and the annotations controllers set), and its namespace is mapped. What a
 * kind needs beyond that is a {@link RestoreItemAction}.
 */
public final class ObjectSanitizer {

    private static final List<String> KEPT_METADATA = List.of("name", "namespace", "labels", "annotations");
    private static final List<String> SERVER_ANNOTATIONS = List.of(
            "deployment.kubernetes.io/revision",
            "pv.kubernetes.io/bind-completed",
            "pv.kubernetes.io/bound-by-controller",
            "volume.kubernetes.io/selected-node",
            "volume.beta.kubernetes.io/storage-provisioner",
            "volume.kubernetes.io/storage-provisioner");

    private ObjectSanitizer() {}

    /** A sanitized copy of {@code object}, its namespace mapped by {@code namespaceMapping}. */
    public static ObjectNode sanitize(ObjectNode object, UnaryOperator<String> namespaceMapping) {
        ObjectNode copy = object.deepCopy();
        copy.remove("status");
        ObjectNode metadata = (ObjectNode) copy.path("metadata");
        for (Iterator<String> names = metadata.fieldNames(); names.hasNext(); ) {
            if (!KEPT_METADATA.contains(names.next())) {
                names.remove();
            }
        }
        if (metadata.hasNonNull("namespace")) {
            metadata.put(
                    "namespace",
                    namespaceMapping.apply(metadata.get("namespace").asText()));
        }
        if (metadata.path("annotations") instanceof ObjectNode annotations) {
            SERVER_ANNOTATIONS.forEach(annotations::remove);
            if (annotations.isEmpty()) {
                metadata.remove("annotations");
            }
        }
        return copy;
    }
}
