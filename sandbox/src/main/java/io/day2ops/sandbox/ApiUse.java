package io.day2ops.sandbox;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which client asked the sandboxes of this JVM for what, in RBAC terms: {@code <user agent> <verb> <group>
 * <resource>[/<subresource>]}, one line per distinct need, e.g. {@code day2ops-backup-service list apps deployments}.
 * Non-resource requests are {@code get - <path>}. Written when the JVM exits to the file named by the system property
 * {@value #PROPERTY} (the build sets {@code target/k8s-api-use.tsv} for test runs); nothing is written without it. It
 * is what {@code ./day2 check rbac} compares with the ClusterRoles in {@code k8s/}.
 */
public final class ApiUse {

    /** The system property naming the file the needs are written to. */
    public static final String PROPERTY = "sandbox.api-use";

    private static final Set<String> NEEDS = ConcurrentHashMap.newKeySet();

    static {
        String file = System.getProperty(PROPERTY);
        if (file != null && !file.isBlank()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> write(Path.of(file)), "sandbox-api-use"));
        }
    }

    private ApiUse() {}

    /** Records what a request needs; only clients that name themselves {@code day2ops-*} are of interest. */
    static void record(String userAgent, HttpMethod method, String rawPath) {
        if (userAgent == null || !userAgent.startsWith("day2ops-")) {
            return;
        }
        String client = userAgent.split("[/ ]")[0];
        String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
        ApiPath api = ApiPath.parse(rawPath);
        if (!api.api() || api.resource() == null) {
            NEEDS.add(client + "\tget\t-\t" + (api.api() ? discoveryPath(path) : path));
            return;
        }
        String resource = api.resource() + (api.subresource() == null ? "" : "/" + api.subresource());
        NEEDS.add(client + "\t" + verb(method, api) + "\t" + (api.group().isEmpty() ? "core" : api.group()) + "\t"
                + resource);
    }

    /** The needs recorded so far, sorted. */
    public static Set<String> needs() {
        return new TreeSet<>(NEEDS);
    }

    static String verb(HttpMethod method, ApiPath api) {
        boolean collection = api.name() == null;
        return switch (method) {
            case GET -> collection ? (api.query().containsKey("watch") ? "watch" : "list") : "get";
            case POST -> "create";
            case PUT -> "update";
            case PATCH -> "patch";
            case DELETE -> collection ? "deletecollection" : "delete";
            default -> method.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** {@code /apis/apps/v1} → {@code /apis/*}: discovery is granted by prefix. */
    private static String discoveryPath(String path) {
        if (path.equals("/api") || path.equals("/apis")) {
            return path;
        }
        return path.startsWith("/apis/") ? "/apis/*" : "/api/*";
    }

    private static void write(Path file) {
        if (NEEDS.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Set<String> all = new TreeSet<>(NEEDS);
            if (Files.exists(file)) {
                all.addAll(Files.readAllLines(file)); // several test JVMs of one module add up
            }
            Files.write(file, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
