package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The services' HTTP API as the CLI calls it: a bearer token from {@link Tokens}, JSON in and out, and every refusal
 * turned into a {@link CliError} carrying the server's own words (its problem+json {@code detail} and field errors).
 */
public final class Api {

    /** What a call answered. */
    public record Answer(int status, JsonNode body, String location) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final CliConfig.Context context;
    private final Tokens tokens;

    public Api(CliConfig.Context context) {
        this.context = context;
        this.tokens = new Tokens(http);
    }

    public CliConfig.Context context() {
        return context;
    }

    public Tokens tokens() {
        return tokens;
    }

    /**
     * {@code /q/health/ready} of {@code service} (no token needed): its HTTP status and body, or status 0 and the
     * reason when it cannot be reached.
     */
    public Answer health(String service) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(context.server(service) + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                // not JSON: reported by status alone
            }
            return new Answer(response.statusCode(), body, null);
        } catch (IOException e) {
            return new Answer(
                    0, JSON.createObjectNode().put("error", e.getClass().getSimpleName()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(CliError.USAGE_OR_SERVER, "interrupted");
        }
    }

    /** GET {@code path} on {@code service}; a 404 is an error naming what is missing. */
    public JsonNode get(String service, String path) {
        return call(service, "GET", path, null).body();
    }

    /** GET returning the body as text ({@code /backups/{name}/logs}). */
    public String getText(String service, String path) {
        return send(service, "GET", path, null, "text/plain, */*").body();
    }

    /** POST {@code body} (JSON, or nothing) to {@code path} on {@code service}. */
    public Answer post(String service, String path, JsonNode body) {
        return call(service, "POST", path, body);
    }

    /** DELETE {@code path} on {@code service}. */
    public Answer delete(String service, String path) {
        return call(service, "DELETE", path, null);
    }

    private Answer call(String service, String method, String path, JsonNode body) {
        HttpResponse<String> response = send(service, method, path, body, "application/json");
        JsonNode json = null;
        if (!response.body().isBlank()) {
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new CliError(
                        CliError.USAGE_OR_SERVER,
                        method + " " + path + " answered " + response.statusCode() + " with a body that is not JSON");
            }
        }
        return new Answer(
                response.statusCode(),
                json,
                response.headers().firstValue("Location").orElse(null));
    }

    private HttpResponse<String> send(String service, String method, String path, JsonNode body, String accept) {
        String url = context.server(service) + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.bearer(context))
                .header("Accept", accept);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliError(
                    CliError.USAGE_OR_SERVER,
                    "cannot reach " + service + "-service at " + context.server(service) + " (context '"
                            + context.name() + "'): " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(CliError.USAGE_OR_SERVER, "interrupted");
        }
        if (response.statusCode() >= 400) {
            throw new CliError(CliError.USAGE_OR_SERVER, refusal(method, path, response), response.statusCode());
        }
        return response;
    }

    /**
     * GET {@code path} into {@code file} (streamed, not held in memory); returns the response's headers. A refusal is
     * an error with the server's reason, and leaves no file.
     */
    public java.net.http.HttpHeaders download(String service, String path, java.nio.file.Path file) {
        String url = context.server(service) + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + tokens.bearer(context))
                .header("Accept", "application/x-tar, application/octet-stream, application/problem+json")
                .GET()
                .build();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = response.body()) {
                if (response.statusCode() >= 400) {
                    String body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    throw new CliError(
                            CliError.USAGE_OR_SERVER,
                            refusal("GET", path, response.statusCode(), body),
                            response.statusCode());
                }
                java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return response.headers();
        } catch (IOException e) {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // nothing more to clean up
            }
            throw new CliError(
                    CliError.USAGE_OR_SERVER,
                    "GET " + path + " from " + service + "-service broke off: "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(CliError.USAGE_OR_SERVER, "interrupted");
        }
    }

    static String refusal(String method, String path, HttpResponse<String> response) {
        return refusal(method, path, response.statusCode(), response.body());
    }

    /** The server's reason, as it gave it: problem+json detail and each field error. */
    static String refusal(String method, String path, int status, String body) {
        StringBuilder text =
                new StringBuilder().append(method).append(' ').append(path).append(": ");
        text.append(status);
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem.hasNonNull("detail")) {
                text.append(' ').append(problem.get("detail").asText());
            }
            for (JsonNode error : problem.path("errors")) {
                text.append("\n  ")
                        .append(error.path("field").asText())
                        .append(": ")
                        .append(error.path("message").asText());
            }
        } catch (IOException | RuntimeException e) {
            text.append(' ').append(body.strip());
        }
        return text.toString();
    }
}
