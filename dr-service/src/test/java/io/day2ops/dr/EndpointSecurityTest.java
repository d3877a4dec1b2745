package io.day2ops.dr;

import static io.day2ops.testing.EndpointMatrix.admin;
import static io.day2ops.testing.EndpointMatrix.operator;
import static io.day2ops.testing.EndpointMatrix.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.testing.Api;
import io.day2ops.testing.ClusterLoss;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.EndpointMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may call what on dr-service, with tokens from the real issuer: every endpoint it serves refuses callers without a
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
                        operator("POST", "/drills"),
                        operator("POST", "/drills/{name}/cancel"),
                        operator("POST", "/failovers"),
                        operator("POST", "/failbacks"),
                        viewer("GET", "/drills"),
                        viewer("GET", "/drills/{name}"))))
                .isEmpty();
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        assertThat(Api.anonymous().get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(Api.anonymous().get("/q/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void aLostClusterIsDataNotReadiness() {
        ClusterLoss.assertReadyAndReported("unreachable", "primary");
    }
}
