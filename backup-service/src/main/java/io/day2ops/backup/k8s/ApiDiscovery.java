package io.day2ops.backup.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.ApiResource;
import io.day2ops.backup.domain.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a cluster serves, as {@code kubectl api-resources} finds it: the core group and the preferred version of every
 * other group, CRDs included. Only resources that can be listed and read (no subresources).
 */
public final class ApiDiscovery {

    private ApiDiscovery() {}

    /** Every listable resource, core first, then groups in the server's order. Blocking. */
    public static List<ApiResource> discover(KubernetesClient client) {
        List<ApiResource> resources = new ArrayList<>(resources(client, "", "v1", "/api/v1"));
        JsonNode groups = get(client, "/apis");
        for (JsonNode group : groups.path("groups")) {
            String name = group.path("name").asText();
            String version = group.path("preferredVersion").path("version").asText(null);
            if (version == null) {
                version = group.path("versions").path(0).path("version").asText();
            }
            resources.addAll(resources(client, name, version, "/apis/" + name + "/" + version));
        }
        return resources;
    }

    /** {@link #discover} by group resource ({@code deployments.apps}). Blocking. */
    public static java.util.Map<String, ApiResource> servedByName(KubernetesClient client) {
        java.util.Map<String, ApiResource> served = new java.util.HashMap<>();
        for (ApiResource resource : discover(client)) {
            served.put(resource.groupResource(), resource);
        }
        return served;
    }

    private static List<ApiResource> resources(KubernetesClient client, String group, String version, String path) {
        List<ApiResource> resources = new ArrayList<>();
        for (JsonNode resource : get(client, path).path("resources")) {
            String plural = resource.path("name").asText();
            List<String> verbs = strings(resource.path("verbs"));
            if (plural.contains("/") || !verbs.contains("list") || !verbs.contains("get")) {
                continue;
            }
            resources.add(new ApiResource(
                    group,
                    version,
                    plural,
                    resource.path("kind").asText(),
                    resource.path("namespaced").asBoolean(),
                    strings(resource.path("shortNames")),
                    verbs));
        }
        return resources;
    }

    static JsonNode get(KubernetesClient client, String path) {
        String body = client.raw(path);
        if (body == null) {
            throw new IllegalStateException("the API server answered 404 for " + path);
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the API server's answer for " + path + " is not JSON", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
