package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;

/**
 * The API server's {@code apiserver_requested_deprecated_apis} gauge, as {@code GET /metrics} serves it: one series
 * (value 1) per group, version, resource and subresource requested since the sandbox started at a version that is
 * deprecated — the built-in ones below, with the release that removes them, and every version a stored
 * CustomResourceDefinition marks {@code deprecated: true} (no removed release). Any request counts, reads too: that is
 * what lets a gate see clients that never write an object (controllers, CI scripts).
 */
final class DeprecatedApiMetrics {

    /** Built-in deprecated group/versions → the release removing them (Kubernetes' deprecated API migration guide). */
    static final Map<String, String> BUILT_IN = Map.of(
            "flowcontrol.apiserver.k8s.io/v1beta2", "1.29",
            "flowcontrol.apiserver.k8s.io/v1beta3", "1.32",
            "policy/v1beta1", "1.25",
            "batch/v1beta1", "1.25",
            "autoscaling/v2beta1", "1.25",
            "autoscaling/v2beta2", "1.26",
            "extensions/v1beta1", "1.22",
            "networking.k8s.io/v1beta1", "1.22",
            "storage.k8s.io/v1beta1", "1.27");

    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private final Function<String, List<JsonNode>> store;
    private final Set<String> series = new ConcurrentSkipListSet<>();

    DeprecatedApiMetrics(Function<String, List<JsonNode>> store) {
        this.store = store;
    }

    /** Counts {@code path} when it is a request at a deprecated version. */
    void requested(ApiPath path) {
        if (path.group() == null || path.group().isEmpty() || path.version() == null || path.resource() == null) {
            return;
        }
        String removed = BUILT_IN.get(path.group() + "/" + path.version());
        if (removed == null && !deprecatedByItsCrd(path)) {
            return;
        }
        series.add("{group=\"" + path.group() + "\",removed_release=\"" + (removed == null ? "" : removed)
                + "\",resource=\"" + path.resource() + "\",subresource=\""
                + (path.subresource() == null ? "" : path.subresource()) + "\",version=\"" + path.version() + "\"}");
    }

    private boolean deprecatedByItsCrd(ApiPath path) {
        for (JsonNode crd : store.apply(CRDS)) {
            JsonNode spec = crd.path("spec");
            if (!spec.path("group").asText().equals(path.group())
                    || !spec.path("names").path("plural").asText().equals(path.resource())) {
                continue;
            }
            for (JsonNode version : spec.path("versions")) {
                if (version.path("name").asText().equals(path.version())) {
                    return version.path("deprecated").asBoolean(false);
                }
            }
        }
        return false;
    }

    /** The Prometheus text of {@code /metrics}. */
    String text() {
        StringBuilder text = new StringBuilder()
                .append("# HELP apiserver_requested_deprecated_apis [STABLE] Gauge of deprecated APIs that have been")
                .append(" requested, broken out by API group, version, resource, subresource, and removed_release.\n")
                .append("# TYPE apiserver_requested_deprecated_apis gauge\n");
        for (String labels : series) {
            text.append("apiserver_requested_deprecated_apis").append(labels).append(" 1\n");
        }
        return text.toString();
    }
}
