package io.day2ops.sandbox;

import static io.day2ops.sandbox.ApiResponses.json;
import static io.day2ops.sandbox.ApiResponses.now;
import static io.day2ops.sandbox.ApiResponses.read;
import static io.day2ops.sandbox.ApiResponses.readBody;
import static io.day2ops.sandbox.ApiResponses.status;
import static io.day2ops.sandbox.ApiResponses.statusBody;
import static io.day2ops.sandbox.ApiResponses.withBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes fabric8's CRUD mock server answer like a Kubernetes API server, enough for our clients and a real {@code
 * kubectl}: discovery ({@code /version}, {@code /api}, {@code /apis}, resource lists with short names, CRDs
 * included), {@code metadata.generation} kept as the API server keeps it, strategic-merge / merge / JSON patches, the
 * {@code status}, {@code scale} and {@code eviction} subresources (eviction honours PodDisruptionBudgets and answers
 * 429), paging with {@code limit}/{@code continue}, and a fault switch (slow, 5xx, 429).
 *
 * <p>Everything else goes to the CRUD dispatcher. Writes that read first (patch, status, eviction) hold one lock, so
 * two evictions cannot both spend the last disruption a budget allows.
 */
final class SandboxDispatcher extends Dispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesCrudDispatcher crud = new IndexedCrudDispatcher();
    private final ReentrantLock writes = new ReentrantLock();
    private final PodExec exec = new PodExec(this);
    private final Faults faults;
    final Discovery discovery; // SimulatedUpgrade moves its version

    SandboxDispatcher(Faults faults, String gitVersion) {
        this.faults = faults;
        this.discovery = new Discovery(this::list, gitVersion);
    }

    /** Every request, and what the control plane did, in order. */
    final RequestLog requests = new RequestLog();

    /** The Authorization header of the last request a client sent (null when it sent none). */
    volatile String lastAuthorization;

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        lastAuthorization = request.getHeader("Authorization");
        ApiUse.record(request.getHeader("User-Agent"), request.method(), request.getPath());
        requests.add(request.method() + " " + request.getPath());
        MockResponse injected = faults.injected();
        if (injected != null) {
            return injected;
        }
        return faults.delayed(handle(request), String.valueOf(request.method()), request.getPath());
    }

    /** Answers a request without the fault switch: the path the simulated controllers take. */
    MockResponse handle(RecordedRequest request) {
        try {
            return route(request);
        } catch (UnsupportedOperationException e) {
            return status(415, "UnsupportedMediaType", e.getMessage());
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", e.getMessage());
        } catch (RuntimeException e) {
            return status(500, "InternalError", "sandbox: " + e);
        }
    }

    private MockResponse route(RecordedRequest request) {
        String rawPath = request.getPath();
        if (rawPath.startsWith("/version") || rawPath.startsWith("/openapi/v3") || rawPath.equals("/metrics")) {
            return discovery.nonResource(rawPath);
        }
        ApiPath path = ApiPath.parse(rawPath);
        if (!path.api()) {
            return crud.dispatch(request);
        }
        if (path.isDiscovery()) {
            return discovery.discovery(path);
        }
        discovery.requested(path);
        if (discovery.notEstablished(path)) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        HttpMethod method = request.method();
        if (path.subresource() != null) {
            return switch (path.subresource()) {
                case "status" ->
                    method == HttpMethod.GET ? crud.handleGet(path.objectPath()) : writeStatus(request, path);
                case "scale" -> scale(request, path);
                case "exec" -> exec.exec(rawPath, path);
                case "eviction" ->
                    method == HttpMethod.POST ? evict(path) : status(405, "MethodNotAllowed", "POST only");
                default -> status(404, "NotFound", "the sandbox does not serve " + path.subresource());
            };
        }
        if (path.isCollection() && method == HttpMethod.POST) {
            return create(request, path);
        }
        if (path.isObject() && (method == HttpMethod.PUT || method == HttpMethod.PATCH)) {
            return update(request, path);
        }
        if (path.isCollection() && method == HttpMethod.GET && !path.query().containsKey("watch")) {
            return page(request, path);
        }
        if (path.isObject() && method == HttpMethod.DELETE && "volumesnapshotcontents".equals(path.resource())) {
            // The snapshot controller's finalizer: a content with policy Delete takes its snapshot with it.
            JsonNode content = get(path.objectPath());
            MockResponse response = crud.dispatch(request);
            if (content != null
                    && response.code() < 300
                    && "Delete"
                            .equals(content.path("spec").path("deletionPolicy").asText())) {
                CsiSnapshots.delete(
                        content.path("status").path("snapshotHandle").asText(null));
            }
            return response;
        }
        return crud.dispatch(request);
    }

    // ---- writes

    private MockResponse create(RecordedRequest request, ApiPath path) {
        JsonNode body = readBody(request);
        if (!(body instanceof ObjectNode object)) {
            return status(400, "BadRequest", "the request body is not a JSON object");
        }
        ObjectNode metadata = object.with("metadata");
        if (!metadata.hasNonNull("uid")) {
            metadata.put("uid", UUID.randomUUID().toString());
        }
        if (!metadata.hasNonNull("creationTimestamp")) {
            metadata.put("creationTimestamp", now());
        }
        if (object.has("spec")) {
            metadata.put("generation", 1);
        }
        if (path.namespace() != null && !metadata.hasNonNull("namespace")) {
            metadata.put("namespace", path.namespace());
        }
        return crud.handleCreate(withBody(request, HttpMethod.POST, path.collectionPath(), object));
    }

    private MockResponse update(RecordedRequest request, ApiPath path) {
        writes.lock();
        try {
            JsonNode current = get(path.objectPath());
            if (current == null) {
                return status(404, "NotFound", path.resource() + " \"" + path.name() + "\" not found");
            }
            JsonNode body = readBody(request);
            JsonNode next = request.method() == HttpMethod.PATCH
                    ? Patches.apply(request.getHeader("Content-Type"), current, body)
                    : body;
            if (!(next instanceof ObjectNode object)) {
                return status(400, "BadRequest", "the result is not a JSON object");
            }
            keepServerFields(current, object, discovery.hasStatusSubresource(path));
            return crud.handleUpdate(withBody(request, HttpMethod.PUT, path.objectPath(), object));
        } finally {
            writes.unlock();
        }
    }

    /** What the API server owns: identity, creation time, generation (bumped on a spec change) and status. */
    private static void keepServerFields(JsonNode current, ObjectNode next, boolean statusIsSubresource) {
        ObjectNode metadata = next.with("metadata");
        JsonNode was = current.path("metadata");
        for (String field : List.of("uid", "creationTimestamp", "namespace", "name")) {
            if (was.has(field)) {
                metadata.set(field, was.get(field));
            }
        }
        if (!metadata.has("resourceVersion") && was.has("resourceVersion")) {
            metadata.set("resourceVersion", was.get("resourceVersion"));
        }
        long generation = was.path("generation").asLong(current.has("spec") ? 1 : 0);
        if (!Objects.equals(current.get("spec"), next.get("spec"))) {
            generation++;
        }
        if (generation > 0) {
            metadata.put("generation", generation);
        }
        if (statusIsSubresource) {
            if (current.has("status")) {
                next.set("status", current.get("status"));
            } else {
                next.remove("status");
            }
        }
    }

    private MockResponse writeStatus(RecordedRequest request, ApiPath path) {
        writes.lock();
        try {
            JsonNode current = get(path.objectPath());
            if (current == null) {
                return status(404, "NotFound", path.resource() + " \"" + path.name() + "\" not found");
            }
            JsonNode body = readBody(request);
            JsonNode patched = request.method() == HttpMethod.PATCH
                    ? Patches.apply(request.getHeader("Content-Type"), current, body)
                    : body;
            ObjectNode next = current.deepCopy();
            if (patched.has("status")) {
                next.set("status", patched.get("status"));
            }
            String expected = body.path("metadata").path("resourceVersion").asText("");
            if (!expected.isEmpty()) {
                next.with("metadata").put("resourceVersion", expected);
            }
            // For a custom resource with a status subresource the CRUD store keeps the old status on a PUT of the
            // object itself and takes it only through /status.
            String target = crud.isStatusSubresourceEnabledForResource(path.objectPath())
                    ? path.objectPath() + "/status"
                    : path.objectPath();
            return crud.handleUpdate(withBody(request, HttpMethod.PUT, target, next));
        } finally {
            writes.unlock();
        }
    }

    private MockResponse scale(RecordedRequest request, ApiPath path) {
        writes.lock();
        try {
            JsonNode current = get(path.objectPath());
            if (current == null) {
                return status(404, "NotFound", path.resource() + " \"" + path.name() + "\" not found");
            }
            if (request.method() == HttpMethod.GET) {
                return json(200, scaleOf(current));
            }
            JsonNode body = readBody(request);
            JsonNode wanted = request.method() == HttpMethod.PATCH
                    ? Patches.apply(request.getHeader("Content-Type"), scaleOf(current), body)
                    : body;
            ObjectNode next = current.deepCopy();
            next.with("spec")
                    .put("replicas", wanted.path("spec").path("replicas").asInt());
            next.with("metadata").remove("resourceVersion");
            keepServerFields(current, next, true);
            MockResponse updated = crud.handleUpdate(withBody(request, HttpMethod.PUT, path.objectPath(), next));
            if (updated.code() >= 300) {
                return updated;
            }
            return json(200, scaleOf(get(path.objectPath())));
        } finally {
            writes.unlock();
        }
    }

    private static ObjectNode scaleOf(JsonNode object) {
        ObjectNode scale = JSON.createObjectNode();
        scale.put("apiVersion", "autoscaling/v1");
        scale.put("kind", "Scale");
        ObjectNode metadata = scale.putObject("metadata");
        metadata.set("name", object.path("metadata").path("name"));
        metadata.set("namespace", object.path("metadata").path("namespace"));
        metadata.set("resourceVersion", object.path("metadata").path("resourceVersion"));
        scale.putObject("spec")
                .put("replicas", object.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        return scale;
    }

    /** The eviction API: deletes the pod unless a PodDisruptionBudget covering it allows no disruption (429). */
    private MockResponse evict(ApiPath path) {
        writes.lock();
        try {
            String podPath = "/api/v1/namespaces/" + path.namespace() + "/pods/" + path.name();
            JsonNode pod = get(podPath);
            if (pod == null) {
                return status(404, "NotFound", "pods \"" + path.name() + "\" not found");
            }
            if (Selectors.isReady(pod)) {
                List<JsonNode> pods = list("/api/v1/namespaces/" + path.namespace() + "/pods");
                for (JsonNode budget :
                        list("/apis/policy/v1/namespaces/" + path.namespace() + "/poddisruptionbudgets")) {
                    JsonNode selector = budget.path("spec").path("selector");
                    if (!Selectors.matches(selector, pod.path("metadata").path("labels"))) {
                        continue;
                    }
                    Disruptions.Budget state = Disruptions.evaluate(budget, pods, this::get);
                    if (state.allowed() <= 0) {
                        return Disruptions.refusal(budget, state);
                    }
                }
            }
            MockResponse deleted = crud.handleDelete(podPath);
            if (deleted.code() >= 300) {
                return deleted;
            }
            ObjectNode success = statusBody(201, "", "");
            success.put("status", "Success");
            return json(201, success);
        } finally {
            writes.unlock();
        }
    }

    // ---- reads

    /** Lists with what the CRUD dispatcher lacks: {@code fieldSelector} on any field, and paging. */
    private MockResponse page(RecordedRequest request, ApiPath path) {
        int limit = Integer.parseInt(path.query().getOrDefault("limit", "0"));
        StringBuilder unpaged = new StringBuilder(path.collectionPath());
        String labelSelector = path.query().get("labelSelector");
        if (labelSelector != null && !labelSelector.isEmpty()) {
            unpaged.append("?labelSelector=").append(java.net.URLEncoder.encode(labelSelector, StandardCharsets.UTF_8));
        }
        MockResponse all = crud.handleGet(unpaged.toString());
        if (all.code() != 200) {
            return all;
        }
        ObjectNode list = (ObjectNode) read(all);
        // Typed clients (kubectl drain's pod list) want "PodList", not the CRUD dispatcher's generic "List".
        discovery.resourceOf(path).ifPresent(r -> {
            list.put("apiVersion", r.groupVersion());
            list.put("kind", r.kind() + "List");
        });
        List<JsonNode> items = new ArrayList<>();
        String fieldSelector = path.query().getOrDefault("fieldSelector", "");
        list.path("items").forEach(item -> {
            if (FieldSelectors.matches(fieldSelector, item)) {
                items.add(item);
            }
        });
        if (limit <= 0) {
            limit = Math.max(1, items.size());
        }
        items.sort(Comparator.comparing((JsonNode item) ->
                        item.path("metadata").path("namespace").asText())
                .thenComparing(item -> item.path("metadata").path("name").asText()));
        String token = path.query().get("continue");
        int from = token == null || token.isEmpty()
                ? 0
                : Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        int to = Math.min(items.size(), from + limit);
        ArrayNode page = list.putArray("items");
        items.subList(Math.min(from, items.size()), to).forEach(page::add);
        ObjectNode metadata = list.with("metadata");
        if (to < items.size()) {
            metadata.put(
                    "continue",
                    Base64.getUrlEncoder().encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8)));
            metadata.put("remainingItemCount", items.size() - to);
        } else {
            metadata.remove("continue");
            metadata.remove("remainingItemCount");
        }
        return json(200, list);
    }

    // ---- store access, used by the simulated controllers too

    /** The stored object at {@code objectPath}, or null. */
    JsonNode get(String objectPath) {
        MockResponse response = crud.handleGet(objectPath);
        return response.code() == 200 ? read(response) : null;
    }

    /** The items of a collection (all namespaces when the path has none). */
    List<JsonNode> list(String collectionPath) {
        MockResponse response = crud.handleGet(collectionPath);
        List<JsonNode> items = new ArrayList<>();
        if (response.code() == 200) {
            read(response).path("items").forEach(items::add);
        }
        return items;
    }

    /** The built-in resources plus those of every stored CustomResourceDefinition. */
    List<ApiResources.Resource> servedResources() {
        return discovery.servedResources();
    }

    KubernetesCrudDispatcher crud() {
        return crud;
    }
}
