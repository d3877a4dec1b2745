package io.day2ops.scheduler;

import static io.day2ops.testing.EndpointMatrix.admin;
import static io.day2ops.testing.EndpointMatrix.operator;
import static io.day2ops.testing.EndpointMatrix.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.testing.Api;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.EndpointMatrix;
import io.day2ops.testing.SharedIssuer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may call what on scheduler-service, with tokens from the real issuer: every endpoint it serves refuses callers without a
 * valid token for day2ops (401) and callers without its role (403), both as problem+json naming the role, and lets
 * its role and the ones above through.
 */
@Day2FlowTest
class EndpointSecurityTest {

    @Test
    void everyEndpointLetsThroughExactlyTheRolesItDeclares() {
        assertThat(EndpointMatrix.violations(List.of(
                        viewer("GET", "/clusters"),
                        viewer("GET", "/outbox"),
                        admin("POST", "/outbox/parked/{seq}/retry"),
                        admin("POST", "/outbox/parked/{seq}/discard"),
                        operator("POST", "/schedules"),
                        viewer("GET", "/schedules"),
                        viewer("GET", "/coverage"),
                        viewer("GET", "/schedules/{name}"),
                        operator("PUT", "/schedules/{name}"),
                        operator("DELETE", "/schedules/{name}"),
                        operator("POST", "/schedules/{name}/pause"),
                        operator("POST", "/schedules/{name}/trigger"),
                        operator("POST", "/schedules/{name}/unpause"),
                        viewer("GET", "/backup-outcomes/{cluster}"))))
                .isEmpty();
    }

    @Test
    void aPipelinesClientCredentialsTokenActsWithItsRole() {
        // day2ops-ci is a confidential client with the operator role: a machine, no user behind it
        int answer = io.restassured.RestAssured.given()
                .auth()
                .oauth2(SharedIssuer.ciToken())
                .contentType("application/json")
                .body("{}")
                .post("/schedules")
                .statusCode();
        assertThat(answer).as("let through, then refused for the empty body").isEqualTo(400);
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        assertThat(Api.anonymous().get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(Api.anonymous().get("/q/metrics").statusCode()).isEqualTo(200);
    }
}
