package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reconcile pass: each kind is listed at most once (every list scans the whole store) and handed out whole or by
 * namespace, as informer caches would, until {@link #refresh} says the controllers after it must see a kind anew.
 */
final class ReconcilePass {

    static final String NODES = "/api/v1/nodes";
    static final String PODS = "/api/v1/pods";
    static final String CLAIMS = "/api/v1/persistentvolumeclaims";
    static final String DEPLOYMENTS = "/apis/apps/v1/deployments";
    static final String REPLICA_SETS = "/apis/apps/v1/replicasets";
    static final String STATEFUL_SETS = "/apis/apps/v1/statefulsets";

    private final Store store;
    private final long now;
    private final Map<String, List<JsonNode>> lists = new HashMap<>();
    private final Map<String, Map<String, List<JsonNode>>> byNamespace = new HashMap<>();

    ReconcilePass(Store store, long now) {
        this.store = store;
        this.now = now;
    }

    /** When the pass started (ms). */
    long now() {
        return now;
    }

    /** Every object of the collection at {@code path}, as listed once in this pass. */
    List<JsonNode> list(String path) {
        return lists.computeIfAbsent(path, store::list);
    }

    /** The objects at {@code path} by namespace. */
    Map<String, List<JsonNode>> byNamespace(String path) {
        return byNamespace.computeIfAbsent(path, p -> {
            Map<String, List<JsonNode>> grouped = new HashMap<>();
            for (JsonNode object : list(p)) {
                grouped.computeIfAbsent(KubeObjects.ns(object), n -> new ArrayList<>())
                        .add(object);
            }
            return grouped;
        });
    }

    /** The objects at {@code path} in {@code owner}'s namespace. */
    List<JsonNode> inNamespace(String path, JsonNode owner) {
        return byNamespace(path).getOrDefault(KubeObjects.ns(owner), List.of());
    }

    /** Lists {@code path} again when next asked: what controllers wrote to it is to be seen. */
    void refresh(String path) {
        lists.remove(path);
        byNamespace.remove(path);
    }
}
