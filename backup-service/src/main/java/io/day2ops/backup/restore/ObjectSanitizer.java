package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.Owners;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a backed-up object into what to create: server-set fields stripped (uid, resourceVersion, timestamps,
 * managedFields, owner references, status), the namespace mapped, and what the target cluster must assign itself
 * reset (a Service's cluster IPs and, unless asked to keep them, node ports; a claim's bound volume).
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

    private final Map<String, String> namespaceMapping;
    private final boolean preserveNodePorts;

    public ObjectSanitizer(Map<String, String> namespaceMapping, boolean preserveNodePorts) {
        this.namespaceMapping = namespaceMapping == null ? Map.of() : namespaceMapping;
        this.preserveNodePorts = preserveNodePorts;
    }

    /** The namespace {@code namespace} is restored into. */
    public String map(String namespace) {
        return namespace == null ? null : namespaceMapping.getOrDefault(namespace, namespace);
    }

    /** A sanitized copy of {@code object}, a document of resource {@code resource} ({@code services}). */
    public ObjectNode sanitize(String resource, ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("status");
        ObjectNode metadata = (ObjectNode) copy.path("metadata");
        for (Iterator<String> names = metadata.fieldNames(); names.hasNext(); ) {
            if (!KEPT_METADATA.contains(names.next())) {
                names.remove();
            }
        }
        if (metadata.hasNonNull("namespace")) {
            metadata.put("namespace", map(metadata.get("namespace").asText()));
        }
        if (metadata.path("annotations").isObject()) {
            ObjectNode annotations = (ObjectNode) metadata.get("annotations");
            SERVER_ANNOTATIONS.forEach(annotations::remove);
            if (annotations.isEmpty()) {
                metadata.remove("annotations");
            }
        }
        ObjectNode spec = copy.path("spec").isObject() ? (ObjectNode) copy.get("spec") : null;
        switch (resource) {
            case "namespaces" -> {
                metadata.put("name", map(metadata.path("name").asText()));
                copy.remove("spec");
            }
            case "services" -> {
                if (spec != null) {
                    if (!"None".equals(spec.path("clusterIP").asText())) {
                        spec.remove("clusterIP");
                        spec.remove("clusterIPs");
                    }
                    spec.remove("healthCheckNodePort");
                    if (!preserveNodePorts) {
                        spec.path("ports").forEach(port -> ((ObjectNode) port).remove("nodePort"));
                    }
                }
            }
            case "persistentvolumeclaims" -> {
                if (spec != null) {
                    spec.remove("volumeName");
                }
            }
            case "pods" -> {
                if (spec != null) {
                    spec.remove("nodeName");
                }
            }
            case "serviceaccounts" -> copy.remove("secrets");
            case "rolebindings.rbac.authorization.k8s.io", "clusterrolebindings.rbac.authorization.k8s.io" -> {
                for (JsonNode subject : copy.path("subjects")) {
                    if (subject.hasNonNull("namespace")) {
                        ((ObjectNode) subject)
                                .put("namespace", map(subject.get("namespace").asText()));
                    }
                }
            }
            case "jobs.batch" -> {
                if (spec != null) {
                    spec.remove("selector");
                    JsonNode labels = spec.path("template").path("metadata").path("labels");
                    if (labels.isObject()) {
                        for (String label : List.of(
                                "controller-uid",
                                "batch.kubernetes.io/controller-uid",
                                "job-name",
                                "batch.kubernetes.io/job-name")) {
                            ((ObjectNode) labels).remove(label);
                        }
                    }
                }
            }
            default -> {}
        }
        return copy;
    }

    /** Whether a document must not be restored: it is recreated by its controller or by the cluster. */
    public static String skipReason(String resource, JsonNode object) {
        if ((resource.equals("pods") || resource.equals("replicasets.apps")) && Owners.ownedByController(object)) {
            return "owned by a controller, which recreates it";
        }
        if (resource.equals("secrets")
                && "kubernetes.io/service-account-token"
                        .equals(object.path("type").asText())) {
            return "a service account token: the target cluster issues its own";
        }
        if (resource.equals("persistentvolumes")) {
            return "a PersistentVolume is not restored from its document: its claim is provisioned anew (volume data"
                    + " comes back with volume snapshots)";
        }
        return null;
    }
}
