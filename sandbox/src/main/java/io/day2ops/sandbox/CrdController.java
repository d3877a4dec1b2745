package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API server's CRD establishing controller: a new CustomResourceDefinition gets {@code NamesAccepted} and, {@value
 * #ESTABLISH_MILLIS} ms after it was first seen, {@code Established}; until then its custom resources are not served
 * (404, and absent from discovery), as on a real API server. The moment is written to the {@link RequestLog}.
 */
final class CrdController implements Controller {

    static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    /** How long a new CRD takes to be served: long enough that a client that does not wait is caught. */
    static final long ESTABLISH_MILLIS = 500;

    private final Store store;
    private final RequestLog log;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();

    CrdController(Store store, RequestLog log) {
        this.store = store;
        this.log = log;
    }

    @Override
    public void reconcile(ReconcilePass pass) {
        for (JsonNode crd : store.list(CRDS)) {
            if (established(crd)) {
                continue;
            }
            String uid = crd.path("metadata").path("uid").asText();
            long seen = firstSeen.computeIfAbsent(uid, u -> pass.now());
            if (pass.now() - seen < ESTABLISH_MILLIS) {
                continue;
            }
            String name = KubeObjects.name(crd);
            if (store.replaceStatus(CRDS + "/" + name, crd, status(crd))) {
                firstSeen.remove(uid);
                log.add("ESTABLISHED " + name);
            }
        }
    }

    static boolean established(JsonNode crd) {
        for (JsonNode condition : crd.path("status").path("conditions")) {
            if ("Established".equals(condition.path("type").asText())
                    && "True".equals(condition.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The status of an Established CRD: its names accepted, served. */
    static ObjectNode status(JsonNode crd) {
        ObjectNode status = SimulatedController.JSON.createObjectNode();
        status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
        var conditions = status.putArray("conditions");
        for (String type : new String[] {"NamesAccepted", "Established"}) {
            conditions
                    .addObject()
                    .put("type", type)
                    .put("status", "True")
                    .put("reason", type.equals("Established") ? "InitialNamesAccepted" : "NoConflicts")
                    .put("lastTransitionTime", ApiResponses.now());
        }
        var stored = status.putArray("storedVersions");
        crd.path("spec").path("versions").forEach(v -> {
            if (v.path("storage").asBoolean()) {
                stored.add(v.path("name").asText());
            }
        });
        return status;
    }
}
