package io.day2ops.console.service;

import io.day2ops.console.config.ConsoleConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Calls to the services' HTTP APIs on behalf of the person using the page: with their own access token, so each
 * service decides (and audits) what that person may do, exactly as for the CLI. The console holds no service
 * credentials of its own.
 */
@ApplicationScoped
public class ServiceCalls {

    /** A service's answer: its status and body as it gave them (problem+json on refusal). */
    public record Reply(int status, String body, String contentType) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final ConsoleConfig config;
    private final HttpClient http;

    public ServiceCalls(ConsoleConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.serviceTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The base URL of {@code service}: scheduler, backup, upgrade or dr. */
    public String base(String service) {
        ConsoleConfig.Services services = config.services();
        return switch (service) {
            case "scheduler" -> services.scheduler();
            case "backup" -> services.backup();
            case "upgrade" -> services.upgrade();
            case "dr" -> services.dr();
            default -> throw new IllegalArgumentException("no service '" + service + "'");
        };
    }

    /** GET {@code path} on {@code service} as the user whose token this is. */
    public Uni<Reply> get(String service, String path, String token) {
        return send(HttpRequest.newBuilder(uri(service, path)).GET(), token);
    }

    /** POST {@code json} (or nothing) to {@code path} on {@code service} as the user whose token this is. */
    public Uni<Reply> post(String service, String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(service, path))
                .POST(
                        json == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, token);
    }

    private URI uri(String service, String path) {
        return URI.create(base(service).replaceAll("/+$", "") + path);
    }

    private Uni<Reply> send(HttpRequest.Builder request, String token) {
        HttpRequest built = request.timeout(config.serviceTimeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .build();
        return Uni.createFrom()
                .completionStage(() -> http.sendAsync(built, HttpResponse.BodyHandlers.ofString()))
                .map(response -> new Reply(
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("Content-Type").orElse("application/json")))
                .onFailure()
                .recoverWithItem(failure -> new Reply(
                        503,
                        problem(built.uri().getHost() + ":" + built.uri().getPort() + " did not answer: "
                                + failure.getClass().getSimpleName()),
                        "application/problem+json"));
    }

    private static String problem(String detail) {
        return io.day2ops.events.EventCodec.newObjectMapper()
                .valueToTree(Map.of("title", "Service Unavailable", "status", 503, "detail", detail))
                .toString();
    }
}
