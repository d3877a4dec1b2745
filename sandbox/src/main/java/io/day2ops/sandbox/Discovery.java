package io.day2ops.sandbox;

import static io.day2ops.sandbox.ApiResponses.json;
import static io.day2ops.sandbox.ApiResponses.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the sandbox says about itself: {@code /version}, API discovery ({@code /api}, {@code /apis}, per group and
 * version) for the built-in resources and every stored CustomResourceDefinition, the OpenAPI v3 index, and
 * {@code /metrics} with {@code apiserver_requested_deprecated_apis}.
 */
final class Discovery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private final Function<String, List<JsonNode>> store;
    private final DeprecatedApiMetrics deprecated;
    private volatile String gitVersion;

    /** @param store lists a collection of the sandbox's store */
    Discovery(Function<String, List<JsonNode>> store, String gitVersion) {
        this.store = store;
        this.gitVersion = gitVersion;
        this.deprecated = new DeprecatedApiMetrics(store);
    }

    /** The non-resource paths: {@code /version}, {@code /metrics} (text) and the OpenAPI v3 index. */
    MockResponse nonResource(String rawPath) {
        if (rawPath.equals("/version") || rawPath.startsWith("/version?")) {
            return json(200, version());
        }
        if (rawPath.equals("/metrics")) {
            return new MockResponse()
                    .setResponseCode(200)
                    .setHeader("Content-Type", "text/plain; version=0.0.4")
                    .setBody(deprecated.text());
        }
        return openApi(rawPath);
    }

    /** Counts a request at a deprecated version for {@code /metrics}. */
    void requested(ApiPath path) {
        deprecated.requested(path);
    }

    MockResponse discovery(ApiPath path) {
        List<ApiResources.Resource> resources = servedResources();
        if (path.group() == null) {
            return json(200, groupList(resources));
        }
        if (path.group().isEmpty() && path.version() == null) {
            ObjectNode versions = JSON.createObjectNode();
            versions.put("kind", "APIVersions");
            versions.putArray("versions").add("v1");
            ObjectNode address = versions.putArray("serverAddressByClientCIDRs").addObject();
            address.put("clientCIDR", "0.0.0.0/0");
            address.put("serverAddress", "127.0.0.1");
            return json(200, versions);
        }
        if (path.version() == null) {
            for (JsonNode group : groupList(resources).path("groups")) {
                if (group.path("name").asText().equals(path.group())) {
                    ObjectNode body = ((ObjectNode) group).deepCopy();
                    body.put("kind", "APIGroup");
                    body.put("apiVersion", "v1");
                    return json(200, body);
                }
            }
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        List<ApiResources.Resource> served = resources.stream()
                .filter(r -> r.group().equals(path.group()) && r.version().equals(path.version()))
                .toList();
        if (served.isEmpty()) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", path.groupVersion());
        ArrayNode items = list.putArray("resources");
        for (ApiResources.Resource resource : served) {
            ObjectNode item = items.addObject();
            item.put("name", resource.plural());
            item.put("singularName", resource.singular());
            item.put("namespaced", resource.namespaced());
            item.put("kind", resource.kind());
            ArrayNode verbs = item.putArray("verbs");
            ApiResources.VERBS.forEach(verbs::add);
            if (!resource.shortNames().isEmpty()) {
                ArrayNode shortNames = item.putArray("shortNames");
                resource.shortNames().forEach(shortNames::add);
            }
            for (String sub : resource.subresources()) {
                ObjectNode subresource = items.addObject();
                subresource.put("name", resource.plural() + "/" + sub);
                subresource.put("singularName", "");
                subresource.put("namespaced", resource.namespaced());
                switch (sub) {
                    case "scale" -> {
                        subresource.put("group", "autoscaling");
                        subresource.put("version", "v1");
                        subresource.put("kind", "Scale");
                        subresource.putArray("verbs").add("get").add("patch").add("update");
                    }
                    case "eviction" -> {
                        subresource.put("group", "policy");
                        subresource.put("version", "v1");
                        subresource.put("kind", "Eviction");
                        subresource.putArray("verbs").add("create");
                    }
                    case "log", "exec" -> {
                        subresource.put("kind", sub.equals("log") ? "Pod" : "PodExecOptions");
                        subresource.putArray("verbs").add(sub.equals("log") ? "get" : "create");
                    }
                    default -> {
                        subresource.put("kind", resource.kind());
                        subresource.putArray("verbs").add("get").add("patch").add("update");
                    }
                }
            }
        }
        return json(200, list);
    }

    /**
     * Just enough OpenAPI v3 for {@code kubectl apply}: every PATCH operation declares the {@code fieldValidation}
     * query parameter, so kubectl leaves validation to the server instead of downloading schemas.
     */
    MockResponse openApi(String rawPath) {
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        List<ApiResources.Resource> resources = servedResources();
        if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode paths = root.putObject("paths");
            for (ApiResources.Resource resource : resources) {
                String key = resource.group().isEmpty() ? "api/v1" : "apis/" + resource.groupVersion();
                paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=sandbox");
            }
            return json(200, root);
        }
        String gv = path.substring("/openapi/v3/".length());
        ObjectNode doc = JSON.createObjectNode();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", gitVersion);
        ObjectNode paths = doc.putObject("paths");
        for (ApiResources.Resource resource : resources) {
            String key = resource.group().isEmpty() ? "api/v1" : "apis/" + resource.groupVersion();
            if (!key.equals(gv)) {
                continue;
            }
            String objectPath = "/" + key + (resource.namespaced() ? "/namespaces/{namespace}/" : "/")
                    + resource.plural() + "/{name}";
            ObjectNode patch = paths.putObject(objectPath).putObject("patch");
            ObjectNode gvk = patch.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", resource.group());
            gvk.put("version", resource.version());
            gvk.put("kind", resource.kind());
            patch.put("x-kubernetes-action", "patch");
            ObjectNode parameter = patch.putArray("parameters").addObject();
            parameter.put("name", "fieldValidation");
            parameter.put("in", "query");
            parameter.putObject("schema").put("type", "string");
            patch.putObject("responses").putObject("200").put("description", "OK");
        }
        if (paths.isEmpty()) {
            return status(404, "NotFound", "no OpenAPI document for " + gv);
        }
        doc.putObject("components").putObject("schemas");
        return json(200, doc);
    }

    private ObjectNode groupList(List<ApiResources.Resource> resources) {
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        for (Map.Entry<String, List<String>> group :
                ApiResources.groups(resources).entrySet()) {
            ObjectNode item = groups.addObject();
            item.put("name", group.getKey());
            ArrayNode versions = item.putArray("versions");
            for (String version : group.getValue()) {
                ObjectNode v = versions.addObject();
                v.put("groupVersion", group.getKey() + "/" + version);
                v.put("version", version);
            }
            item.set("preferredVersion", versions.get(0).deepCopy());
        }
        return list;
    }

    /** The built-in resources plus those of every stored CustomResourceDefinition (served versions, storage first). */
    List<ApiResources.Resource> servedResources() {
        List<ApiResources.Resource> resources = new ArrayList<>(ApiResources.builtIn());
        for (JsonNode crd : store.apply(CRDS)) {
            if (!CrdController.established(crd)) {
                continue; // not served yet
            }
            JsonNode spec = crd.path("spec");
            JsonNode names = spec.path("names");
            List<String> shortNames = new ArrayList<>();
            names.path("shortNames").forEach(s -> shortNames.add(s.asText()));
            List<JsonNode> versions = new ArrayList<>();
            spec.path("versions").forEach(versions::add);
            versions.sort(Comparator.comparing(v -> !v.path("storage").asBoolean()));
            for (JsonNode version : versions) {
                if (!version.path("served").asBoolean(true)) {
                    continue;
                }
                List<String> sub = version.path("subresources").has("status") ? List.of("status") : List.of();
                resources.add(new ApiResources.Resource(
                        spec.path("group").asText(),
                        version.path("name").asText(),
                        names.path("plural").asText(),
                        names.path("singular")
                                .asText(names.path("kind").asText().toLowerCase(java.util.Locale.ROOT)),
                        names.path("kind").asText(),
                        !"Cluster".equals(spec.path("scope").asText()),
                        shortNames,
                        sub));
            }
        }
        return resources;
    }

    /** Whether {@code path} is of a custom resource whose CRD exists but is not Established yet. */
    boolean notEstablished(ApiPath path) {
        if (path.resource() == null
                || path.group().isEmpty()
                || ApiResources.builtIn().stream()
                        .anyMatch(r ->
                                r.group().equals(path.group()) && r.plural().equals(path.resource()))) {
            return false;
        }
        for (JsonNode crd : store.apply(CRDS)) {
            JsonNode spec = crd.path("spec");
            if (spec.path("group").asText().equals(path.group())
                    && spec.path("names").path("plural").asText().equals(path.resource())) {
                return !CrdController.established(crd);
            }
        }
        return false;
    }

    boolean hasStatusSubresource(ApiPath path) {
        return resourceOf(path).map(r -> r.subresources().contains("status")).orElse(false);
    }

    /**
     * The resource a path names: a built-in one without touching the store (this runs on every list and update), a
     * custom one from the stored CRDs.
     */
    java.util.Optional<ApiResources.Resource> resourceOf(ApiPath path) {
        java.util.function.Predicate<ApiResources.Resource> named =
                r -> r.group().equals(path.group()) && r.plural().equals(path.resource());
        java.util.Optional<ApiResources.Resource> builtIn =
                ApiResources.builtIn().stream().filter(named).findFirst();
        return builtIn.isPresent()
                ? builtIn
                : servedResources().stream().filter(named).findFirst();
    }

    /** The version the API server reports from now on ({@code /version}, the OpenAPI document). */
    void gitVersion(String version) {
        this.gitVersion = version;
    }

    ObjectNode version() {
        String[] parts = gitVersion.substring(1).split("\\.");
        ObjectNode version = JSON.createObjectNode();
        version.put("major", parts[0]);
        version.put("minor", parts[1]);
        version.put("gitVersion", gitVersion);
        version.put("gitCommit", "sandbox");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "2024-08-14T00:00:00Z");
        version.put("goVersion", "go1.22.5");
        version.put("compiler", "gc");
        version.put("platform", "linux/amd64");
        return version;
    }
}
