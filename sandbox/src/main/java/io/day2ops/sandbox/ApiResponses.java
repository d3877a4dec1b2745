package io.day2ops.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Answers as the API server writes them: JSON bodies, {@code Status} objects, timestamps. */
final class ApiResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiResponses() {}

    static JsonNode readBody(RecordedRequest request) {
        try {
            return JSON.readTree(
                    request.getBody() == null
                            ? "{}"
                            : new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode read(MockResponse response) {
        try {
            return JSON.readTree(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static RecordedRequest withBody(RecordedRequest original, HttpMethod method, String path, JsonNode body) {
        Headers headers =
                Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest(
                original.getHttpVersion(), method, path, headers, new Buffer().writeUtf8(body.toString()));
    }

    static MockResponse json(int code, JsonNode body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body.toString());
    }

    static MockResponse status(int code, String reason, String message) {
        return json(code, statusBody(code, reason, message));
    }

    static ObjectNode statusBody(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return status;
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
