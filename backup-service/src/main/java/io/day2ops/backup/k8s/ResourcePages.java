package io.day2ops.backup.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.ApiResource;
import io.day2ops.backup.domain.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Lists a resource page by page ({@code limit} + {@code continue}), handing each object on as soon as its page is
 * read, so memory holds one page, not the whole collection. Objects come with {@code apiVersion} and {@code kind},
 * which list responses leave out.
 */
public final class ResourcePages {

    private ResourcePages() {}

    /** Lists {@code resource} in {@code namespace} (null: all namespaces, or cluster-scoped). Blocking. */
    public static void forEach(
            KubernetesClient client,
            ApiResource resource,
            String namespace,
            String labelSelector,
            int pageSize,
            Consumer<ObjectNode> each) {
        forEach(client, resource, namespace, labelSelector, pageSize, each, ignored -> {});
    }

    /**
     * {@link #forEach(KubernetesClient, ApiResource, String, String, int, Consumer)}, telling {@code expected} how many
     * objects are to come as soon as it knows: the first page's size plus the API server's {@code remainingItemCount},
     * or (a server that does not say) each page's size as it is read.
     */
    public static void forEach(
            KubernetesClient client,
            ApiResource resource,
            String namespace,
            String labelSelector,
            int pageSize,
            Consumer<ObjectNode> each,
            java.util.function.LongConsumer expected) {
        String token = null;
        boolean counted = false;
        do {
            StringBuilder path = new StringBuilder(resource.collectionPath(namespace))
                    .append("?limit=")
                    .append(pageSize);
            if (labelSelector != null) {
                path.append("&labelSelector=").append(URLEncoder.encode(labelSelector, StandardCharsets.UTF_8));
            }
            if (token != null) {
                path.append("&continue=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
            }
            JsonNode page = ApiDiscovery.get(client, path.toString());
            if (!counted) {
                JsonNode remaining = page.path("metadata").path("remainingItemCount");
                counted = remaining.isIntegralNumber();
                expected.accept(page.path("items").size() + (counted ? remaining.asLong() : 0));
            }
            for (JsonNode item : page.path("items")) {
                each.accept(withType(resource, (ObjectNode) item));
            }
            token = page.path("metadata").path("continue").asText("");
        } while (!token.isEmpty());
    }

    private static ObjectNode withType(ApiResource resource, ObjectNode item) {
        ObjectNode typed = Json.MAPPER.createObjectNode();
        typed.put("apiVersion", resource.apiVersion());
        typed.put("kind", resource.kind());
        for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("apiVersion") && !name.equals("kind")) {
                typed.set(name, item.get(name));
            }
        }
        return typed;
    }
}
