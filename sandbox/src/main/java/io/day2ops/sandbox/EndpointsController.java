package io.day2ops.sandbox;

import static io.day2ops.sandbox.KubeObjects.name;
import static io.day2ops.sandbox.KubeObjects.ns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Service endpoints follow the Ready and not-Ready pods each selector matches. */
final class EndpointsController extends SimulatedController {

    EndpointsController(Store store, double speed, Map<String, Long> startedAt) {
        super(store, speed, startedAt);
    }

    @Override
    public void reconcile(ReconcilePass pass) {
        endpoints(pass.byNamespace(ReconcilePass.PODS));
    }

    private void endpoints(Map<String, List<JsonNode>> podsByNamespace) {
        for (JsonNode service : store.list("/api/v1/services")) {
            JsonNode selector = service.path("spec").path("selector");
            if (!selector.isObject() || selector.isEmpty()) {
                continue;
            }
            ObjectNode labelSelector = JSON.createObjectNode();
            labelSelector.set("matchLabels", selector);
            ObjectNode endpoints = JSON.createObjectNode();
            endpoints.put("apiVersion", "v1");
            endpoints.put("kind", "Endpoints");
            endpoints.putObject("metadata").put("name", name(service)).put("namespace", ns(service));
            ObjectNode subset = JSON.createObjectNode();
            ArrayNode ready = subset.putArray("addresses");
            ArrayNode notReady = subset.putArray("notReadyAddresses");
            for (JsonNode pod : podsByNamespace.getOrDefault(ns(service), List.of())) {
                if (!Selectors.matches(labelSelector, pod.path("metadata").path("labels"))) {
                    continue;
                }
                ObjectNode address = (Selectors.isReady(pod) ? ready : notReady).addObject();
                address.put("ip", pod.path("status").path("podIP").asText(""));
                address.putObject("targetRef")
                        .put("kind", "Pod")
                        .put("name", name(pod))
                        .put("namespace", ns(pod));
            }
            ArrayNode ports = subset.putArray("ports");
            for (JsonNode port : service.path("spec").path("ports")) {
                ports.addObject()
                        .put(
                                "port",
                                port.path("targetPort").asInt(port.path("port").asInt()))
                        .put("protocol", "TCP");
            }
            endpoints.putArray("subsets").add(subset);
            String path = "/api/v1/namespaces/" + ns(service) + "/endpoints/" + name(service);
            JsonNode current = store.get(path);
            if (current == null) {
                store.create("/api/v1/namespaces/" + ns(service) + "/endpoints", endpoints);
            } else if (!Objects.equals(current.path("subsets"), endpoints.path("subsets"))) {
                endpoints
                        .with("metadata")
                        .set("resourceVersion", current.path("metadata").path("resourceVersion"));
                store.replace(path, endpoints);
            }
        }
    }
}
