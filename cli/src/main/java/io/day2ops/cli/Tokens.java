package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bearer tokens from the context's OIDC issuer, cached per context like kubectl's credentials ({@code
 * ~/.config/day2ops/tokens/<context>.json}, mode 600) and refreshed with the refresh token when they expire. {@code
 * $DAY2_TOKEN} wins over the cache (a CI job that got its token elsewhere).
 */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EARLY = Duration.ofSeconds(30);

    private final HttpClient http;

    public Tokens(HttpClient http) {
        this.http = http;
    }

    /** Logs in with a user's password (the issuer's password grant, for the client {@code clientId}). */
    public void loginWithPassword(CliConfig.Context context, String username, String password) {
        store(context, grant(context, Map.of("grant_type", "password", "username", username, "password", password)));
    }

    /** Logs in as a confidential client (client credentials: CI pipelines, automation). */
    public void loginAsClient(CliConfig.Context context, String clientId, String secret) {
        ObjectNode token = grant(
                new CliConfig.Context(context.name(), context.servers(), context.issuer(), clientId),
                Map.of("grant_type", "client_credentials", "client_secret", secret));
        token.put("client_id", clientId);
        token.put("client_secret", secret);
        store(context, token);
    }

    /** Forgets the context's cached token. */
    public void logout(CliConfig.Context context) throws IOException {
        Files.deleteIfExists(file(context));
    }

    /** A valid access token for {@code context}: cached, refreshed, or an error telling how to log in. */
    public String bearer(CliConfig.Context context) {
        String given = System.getenv("DAY2_TOKEN");
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        Path file = file(context);
        if (!Files.exists(file)) {
            throw notLoggedIn(context, "not logged in");
        }
        ObjectNode cached;
        try {
            cached = (ObjectNode) JSON.readTree(file.toFile());
        } catch (IOException | ClassCastException e) {
            throw notLoggedIn(context, "the cached token in " + file + " cannot be read");
        }
        if (Instant.now()
                .plus(EARLY)
                .isBefore(Instant.ofEpochSecond(cached.path("expires_at").asLong()))) {
            return cached.path("access_token").asText();
        }
        ObjectNode renewed;
        if (cached.hasNonNull("client_secret")) {
            renewed = grant(
                    new CliConfig.Context(
                            context.name(),
                            context.servers(),
                            context.issuer(),
                            cached.get("client_id").asText()),
                    Map.of(
                            "grant_type",
                            "client_credentials",
                            "client_secret",
                            cached.get("client_secret").asText()));
            renewed.put("client_id", cached.get("client_id").asText());
            renewed.put("client_secret", cached.get("client_secret").asText());
        } else if (cached.hasNonNull("refresh_token")
                && Instant.now()
                        .isBefore(Instant.ofEpochSecond(
                                cached.path("refresh_expires_at").asLong()))) {
            renewed = grant(
                    context,
                    Map.of(
                            "grant_type",
                            "refresh_token",
                            "refresh_token",
                            cached.get("refresh_token").asText()));
        } else {
            throw notLoggedIn(context, "the session has expired");
        }
        store(context, renewed);
        return renewed.path("access_token").asText();
    }

    private ObjectNode grant(CliConfig.Context context, Map<String, String> form) {
        if (context.issuer() == null) {
            throw new CliError(CliError.USAGE_OR_SERVER, "context '" + context.name() + "' names no issuer");
        }
        Map<String, String> body = new LinkedHashMap<>(form);
        body.put("client_id", context.clientId());
        body.putIfAbsent("scope", "openid");
        String encoded = body.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String endpoint = context.issuer() + "/protocol/openid-connect/token";
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(endpoint))
                            .timeout(Duration.ofSeconds(15))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(encoded))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliError(CliError.USAGE_OR_SERVER, "cannot reach the issuer " + endpoint + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(CliError.USAGE_OR_SERVER, "interrupted");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliError(CliError.USAGE_OR_SERVER, "the issuer answered " + response.statusCode() + ", not JSON");
        }
        if (response.statusCode() != 200 || !answer.hasNonNull("access_token")) {
            throw new CliError(
                    CliError.USAGE_OR_SERVER,
                    "login refused by " + context.issuer() + ": "
                            + answer.path("error").asText("") + " "
                            + answer.path("error_description").asText(""));
        }
        ObjectNode token = JSON.createObjectNode();
        long now = Instant.now().getEpochSecond();
        token.put("access_token", answer.get("access_token").asText());
        token.put("expires_at", now + answer.path("expires_in").asLong(60));
        if (answer.hasNonNull("refresh_token")) {
            token.put("refresh_token", answer.get("refresh_token").asText());
            token.put(
                    "refresh_expires_at",
                    now + answer.path("refresh_expires_in").asLong(0));
        }
        return token;
    }

    private void store(CliConfig.Context context, ObjectNode token) {
        Path file = file(context);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writeValue(file.toFile(), token);
        } catch (IOException e) {
            throw new CliError(CliError.USAGE_OR_SERVER, "cannot cache the token in " + file + ": " + e);
        }
    }

    private static Path file(CliConfig.Context context) {
        return CliConfig.tokenDir().resolve(context.name() + ".json");
    }

    private static CliError notLoggedIn(CliConfig.Context context, String why) {
        return new CliError(
                CliError.USAGE_OR_SERVER,
                why + " for context '" + context.name() + "': day2 login"
                        + (context.name().equals("local") ? "" : " --context " + context.name())
                        + " (or set DAY2_TOKEN)");
    }
}
