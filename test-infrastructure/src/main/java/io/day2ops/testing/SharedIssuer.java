package io.day2ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The OIDC issuer tests use: {@code DAY2_OIDC_URL} when set ({@code ./day2 infra up} starts one Keycloak for the
 * whole run), else a {@link LocalKeycloak} started once inside this JVM from {@code keycloak.dist.home}. Tokens come
 * from the issuer itself, as a person's or a pipeline's would: the password grant of the {@code day2ops-cli} client for
 * the realm's users, client credentials for {@code day2ops-ci}.
 */
public final class SharedIssuer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();
    private static LocalKeycloak keycloak;

    private record Token(String value, Instant renewAt) {}

    private SharedIssuer() {}

    /** The issuer URL, starting Keycloak on first use when none is given. */
    public static synchronized String url() {
        String external = System.getenv("DAY2_OIDC_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (keycloak == null) {
            String home = System.getProperty("keycloak.dist.home", System.getenv("DAY2_KEYCLOAK_HOME"));
            if (home == null) {
                throw new IllegalStateException("no OIDC issuer: set DAY2_OIDC_URL, or keycloak.dist.home (the parent"
                        + " pom sets it to .day2/keycloak/keycloak-<version> for tests)");
            }
            keycloak = LocalKeycloak.start(Path.of(home), 0, Duration.ofSeconds(300));
        }
        return keycloak.issuer();
    }

    /**
     * An access token of a realm user ({@code viewer}, {@code operator}, {@code admin}, {@code nobody}; password
     * {@code <user>-local}), through the {@code day2ops-cli} client; reused until it nears its expiry.
     */
    public static String token(String user) {
        return cached(
                "user:" + user,
                Map.of(
                        "grant_type", "password",
                        "client_id", "day2ops-cli",
                        "username", user,
                        "password", user + "-local",
                        "scope", "openid"));
    }

    /** A token of {@code user} through a client whose tokens are not meant for day2ops (no {@code day2ops} audience). */
    public static String tokenForAnotherAudience(String user) {
        return fetch(Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "day2ops-other-api",
                        "username",
                        user,
                        "password",
                        user + "-local"))
                .value();
    }

    /** A token of the {@code day2ops-ci} pipeline (client credentials; role operator). */
    public static String ciToken() {
        return cached(
                "client:day2ops-ci",
                Map.of(
                        "grant_type", "client_credentials",
                        "client_id", "day2ops-ci",
                        "client_secret", "day2ops-ci-local-secret"));
    }

    private static String cached(String key, Map<String, String> form) {
        Token token = TOKENS.get(key);
        if (token == null || Instant.now().isAfter(token.renewAt())) {
            token = fetch(form);
            TOKENS.put(key, token);
        }
        return token.value();
    }

    private static Token fetch(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "the issuer refused a token (" + response.statusCode() + "): " + response.body());
            }
            JsonNode answer = JSON.readTree(response.body());
            long lifetime = answer.path("expires_in").asLong(60);
            return new Token(
                    answer.path("access_token").asText(), Instant.now().plusSeconds(Math.max(5, lifetime - 60)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the issuer at " + url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
