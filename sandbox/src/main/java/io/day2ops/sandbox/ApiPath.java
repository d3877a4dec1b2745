package io.day2ops.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request path of the Kubernetes API taken apart: {@code /apis/apps/v1/namespaces/default/deployments/web/scale}
 * is group {@code apps}, version {@code v1}, namespace {@code default}, resource {@code deployments}, name {@code
 * web}, subresource {@code scale}. Discovery paths ({@code /api}, {@code /apis/apps/v1}) have no resource.
 */
record ApiPath(
        boolean api,
        String group,
        String version,
        String namespace,
        String resource,
        String name,
        String subresource,
        Map<String, String> query) {

    static ApiPath parse(String rawPath) {
        int q = rawPath.indexOf('?');
        String path = q < 0 ? rawPath : rawPath.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : rawPath.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                query.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()
                || !(segments.get(0).equals("api") || segments.get(0).equals("apis"))) {
            return new ApiPath(false, null, null, null, null, null, null, query);
        }
        boolean core = segments.get(0).equals("api");
        int at = 1;
        String group = "";
        if (!core) {
            if (segments.size() < 2) {
                return new ApiPath(true, null, null, null, null, null, null, query);
            }
            group = segments.get(at++);
        }
        String version = segments.size() > at ? segments.get(at++) : null;
        List<String> rest = segments.subList(Math.min(at, segments.size()), segments.size());
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces") && !isNamespaceSubresource(rest)) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String resource = !rest.isEmpty() ? rest.get(0) : null;
        String name = rest.size() > 1 ? rest.get(1) : null;
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        return new ApiPath(true, group, version, namespace, resource, name, subresource, query);
    }

    /** {@code /api/v1/namespaces/x/status} is the namespace's own subresource, not a resource named "status". */
    private static boolean isNamespaceSubresource(List<String> rest) {
        return rest.size() == 3 && (rest.get(2).equals("status") || rest.get(2).equals("finalize"));
    }

    boolean isDiscovery() {
        return api && resource == null;
    }

    boolean isCollection() {
        return resource != null && name == null;
    }

    boolean isObject() {
        return resource != null && name != null && subresource == null;
    }

    String groupVersion() {
        return group == null || group.isEmpty() ? version : group + "/" + version;
    }

    /** The path of the object itself (no subresource, no query). */
    String objectPath() {
        return collectionPath() + "/" + name;
    }

    /** The path of the collection in this path's namespace (no query). */
    String collectionPath() {
        StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" : "/apis/" + group + "/").append(version);
        if (namespace != null) {
            path.append("/namespaces/").append(namespace);
        }
        return path.append('/').append(resource).toString();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
