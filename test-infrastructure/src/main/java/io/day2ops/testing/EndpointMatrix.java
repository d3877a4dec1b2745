package io.day2ops.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may call what, checked over HTTP with tokens from the real issuer: every endpoint of a service (as its OpenAPI
 * document lists them) against every kind of caller — none, a bad token, a token meant for another audience, a user
 * without roles, viewer, operator, admin. A service's test declares each endpoint's least role; an endpoint missing
 * from the declaration fails the check, so a new endpoint cannot ship without one.
 */
public final class EndpointMatrix {

    /** Roles in order: each includes the ones before it. */
    private static final List<String> ROLES = List.of("viewer", "operator", "admin");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One endpoint and the least role that may call it.
     *
     * @param method GET, POST, PUT, DELETE
     * @param path the OpenAPI path template, e.g. {@code /backups/{name}}
     * @param role viewer, operator or admin
     */
    public record Endpoint(String method, String path, String role) {

        String concretePath() {
            return path.replaceAll("\\{[^}]+}", "matrix-x");
        }
    }

    public static Endpoint viewer(String method, String path) {
        return new Endpoint(method, path, "viewer");
    }

    public static Endpoint operator(String method, String path) {
        return new Endpoint(method, path, "operator");
    }

    public static Endpoint admin(String method, String path) {
        return new Endpoint(method, path, "admin");
    }

    private EndpointMatrix() {}

    /** The endpoints the service under test serves, from its OpenAPI document: "GET /backups/{name}", ... */
    public static Set<String> served() {
        String document = RestAssured.given()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Set<String> endpoints = new TreeSet<>();
        try {
            JsonNode paths = JSON.readTree(document).path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next().toUpperCase(Locale.ROOT);
                    if (Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                        endpoints.add(method + " " + path.getKey());
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the OpenAPI document is not JSON", e);
        }
        return endpoints;
    }

    /**
     * Calls every endpoint as every kind of caller; returns one line per answer that differs from what the
     * declaration says (empty: the service enforces exactly what is declared).
     */
    public static List<String> violations(List<Endpoint> endpoints) {
        List<String> wrong = new ArrayList<>();
        Set<String> declared = new TreeSet<>();
        endpoints.forEach(e -> declared.add(e.method() + " " + e.path()));
        Set<String> missing = new TreeSet<>(served());
        missing.removeAll(declared);
        missing.forEach(endpoint -> wrong.add(endpoint + ": served but no role declared in the test"));
        for (Endpoint endpoint : endpoints) {
            String name = endpoint.method() + " " + endpoint.path();
            expectUnauthenticated(wrong, name, "no token", call(RestAssured.given(), endpoint));
            expectUnauthenticated(
                    wrong,
                    name,
                    "a malformed token",
                    call(RestAssured.given().auth().oauth2("not-a-jwt"), endpoint));
            expectUnauthenticated(
                    wrong,
                    name,
                    "admin's token for another audience",
                    call(RestAssured.given().auth().oauth2(SharedIssuer.tokenForAnotherAudience("admin")), endpoint));
            expectForbidden(wrong, name, "nobody", endpoint.role(), call(Api.asUser("nobody"), endpoint));
            int least = ROLES.indexOf(endpoint.role());
            if (least < 0) {
                throw new IllegalArgumentException(name + ": unknown role " + endpoint.role());
            }
            for (int r = 0; r < ROLES.size(); r++) {
                String user = ROLES.get(r);
                Response answer = call(Api.asUser(user), endpoint);
                if (r < least) {
                    expectForbidden(wrong, name, user, endpoint.role(), answer);
                } else if (answer.statusCode() == 401 || answer.statusCode() == 403) {
                    wrong.add(name + " as " + user + ": expected to be let through, got " + answer.statusCode() + " "
                            + answer.asString());
                }
            }
        }
        return wrong;
    }

    private static Response call(RequestSpecification request, Endpoint endpoint) {
        RequestSpecification withBody = switch (endpoint.method()) {
            case "POST", "PUT", "PATCH" ->
                request.contentType("application/json").body("{}");
            default -> request;
        };
        return withBody.request(endpoint.method(), endpoint.concretePath());
    }

    private static void expectUnauthenticated(List<String> wrong, String name, String caller, Response answer) {
        if (answer.statusCode() != 401) {
            wrong.add(name + " with " + caller + ": expected 401, got " + answer.statusCode());
            return;
        }
        String challenge = answer.header("WWW-Authenticate");
        if (challenge == null || !challenge.startsWith("Bearer")) {
            wrong.add(name + " with " + caller + ": 401 without a Bearer challenge");
        }
        if (!String.valueOf(answer.contentType()).startsWith("application/problem+json")
                || !answer.asString().contains("urn:day2ops:problem:unauthorized")) {
            wrong.add(name + " with " + caller + ": 401 is not problem+json: " + answer.asString());
        }
    }

    private static void expectForbidden(List<String> wrong, String name, String caller, String role, Response answer) {
        if (answer.statusCode() != 403) {
            wrong.add(name + " as " + caller + ": expected 403 (needs " + role + "), got " + answer.statusCode());
            return;
        }
        if (!String.valueOf(answer.contentType()).startsWith("application/problem+json")
                || !answer.asString().contains("role " + role)) {
            wrong.add(name + " as " + caller + ": 403 does not name role " + role + ": " + answer.asString());
        }
    }
}
