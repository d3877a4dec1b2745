package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the services and the issuer are, per context, like kubectl's kubeconfig: {@code $DAY2_CONFIG}, else {@code
 * ~/.config/day2ops/config.json}:
 *
 * <pre>
 * {"currentContext": "prod",
 *  "contexts": {"prod": {"servers": {"scheduler": "https://…", "backup": "https://…", "upgrade": "https://…",
 *                                    "dr": "https://…"},
 *                        "issuer": "https://sso.example.com/realms/day2ops", "clientId": "day2ops-cli"}}}
 * </pre>
 *
 * <p>Without a file there is one context, {@code local}: the local stack of {@code ./day2 up} (services on
 * 127.0.0.1:8081–8084, Keycloak on 127.0.0.1:18080).
 */
public final class CliConfig {

    /** The services a context names, with the local stack's ports. */
    public static final Map<String, String> LOCAL_SERVERS = Map.of(
            "scheduler", "http://127.0.0.1:8081",
            "backup", "http://127.0.0.1:8082",
            "upgrade", "http://127.0.0.1:8083",
            "dr", "http://127.0.0.1:8084");

    /** One context: where each service is, and the issuer that signs its tokens. */
    public record Context(String name, Map<String, String> servers, String issuer, String clientId) {

        /** The base URL of {@code service}; a clear error when the context does not name it. */
        public String server(String service) {
            String url = servers.get(service);
            if (url == null || url.isBlank()) {
                throw new CliError(
                        CliError.USAGE_OR_SERVER,
                        "context '" + name + "' has no server for " + service + "-service (servers." + service + " in "
                                + path() + ")");
            }
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private CliConfig() {}

    /** The configuration file's path. */
    public static Path path() {
        String given = System.getenv("DAY2_CONFIG");
        return given != null && !given.isBlank()
                ? Path.of(given)
                : Path.of(System.getProperty("user.home"), ".config", "day2ops", "config.json");
    }

    /** The directory tokens are cached in, beside the configuration. */
    public static Path tokenDir() {
        return path().toAbsolutePath().getParent().resolve("tokens");
    }

    /** The context {@code wanted} names, or the current one. */
    public static Context context(String wanted) {
        Path file = path();
        if (!Files.exists(file)) {
            if (wanted != null && !wanted.equals("local")) {
                throw new CliError(
                        CliError.USAGE_OR_SERVER, "no context '" + wanted + "': " + file + " does not exist");
            }
            return local();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CliError(CliError.USAGE_OR_SERVER, file + " is not valid JSON: " + e.getMessage());
        }
        String name = wanted != null ? wanted : root.path("currentContext").asText("local");
        JsonNode context = root.path("contexts").path(name);
        if (context.isMissingNode()) {
            if (name.equals("local")) {
                return local();
            }
            throw new CliError(CliError.USAGE_OR_SERVER, "no context '" + name + "' in " + file);
        }
        Map<String, String> servers = new LinkedHashMap<>();
        context.path("servers")
                .fields()
                .forEachRemaining(e -> servers.put(e.getKey(), e.getValue().asText()));
        return new Context(
                name,
                servers,
                context.path("issuer").asText(null),
                context.path("clientId").asText("day2ops-cli"));
    }

    /** Writes {@code context} into the file (creating it) and makes it current. */
    public static void save(Context context) throws IOException {
        Path file = path();
        ObjectNode root = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
        ObjectNode contexts = root.has("contexts") ? (ObjectNode) root.get("contexts") : root.putObject("contexts");
        ObjectNode entry = contexts.putObject(context.name());
        ObjectNode servers = entry.putObject("servers");
        context.servers().forEach(servers::put);
        if (context.issuer() != null) {
            entry.put("issuer", context.issuer());
        }
        entry.put("clientId", context.clientId());
        root.put("currentContext", context.name());
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static Context local() {
        return new Context("local", LOCAL_SERVERS, "http://127.0.0.1:18080/realms/day2ops", "day2ops-cli");
    }
}
