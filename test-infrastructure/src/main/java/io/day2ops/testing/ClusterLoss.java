package io.day2ops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;

/**
 * What every service that works on clusters must show while one of them is lost (the tests' {@code unreachable}
 * cluster: a URL where nothing listens): it stays Ready, {@code GET /clusters} says which cluster is down and why and
 * that the others answer, and {@code day2_cluster_up} says the same to Prometheus.
 */
public final class ClusterLoss {

    private ClusterLoss() {}

    /** Asserts the service stays Ready with {@code lost} down and {@code alive} up, as data and as gauges. */
    public static void assertReadyAndReported(String lost, String alive) {
        assertThat(Api.anonymous().get("/q/health/ready").statusCode())
                .as("a lost cluster is not this service's readiness")
                .isEqualTo(200);
        Map<String, Object> down = await(lost, false);
        assertThat((String) down.get("error")).as("why " + lost + " is down").isNotBlank();
        Map<String, Object> up = await(alive, true);
        assertThat((String) up.get("version")).startsWith("v");
        assertThat(up.get("lastSeen")).isNotNull();
        assertThat(((Number) up.get("latencyMillis")).longValue()).isNotNegative();

        String metrics = Api.anonymous().get("/q/metrics").asString();
        assertThat(metrics)
                .contains("day2_cluster_up{cluster=\"" + lost + "\"} 0.0")
                .contains("day2_cluster_up{cluster=\"" + alive + "\"} 1.0");
        assertThat(Api.anonymous().get("/q/health/group/clusters").statusCode())
                .as("the clusters group still tells, on its own")
                .isEqualTo(503);
    }

    /** Waits for the background probe to report {@code cluster} as {@code reachable}; its status. */
    private static Map<String, Object> await(String cluster, boolean reachable) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> status = null;
        while (System.nanoTime() < deadline) {
            JsonPath clusters = Api.asUser("viewer")
                    .get("/clusters")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            status = clusters.getMap("find { it.cluster == '" + cluster + "' }");
            if (status != null && Boolean.valueOf(reachable).equals(status.get("reachable"))) {
                return status;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("GET /clusters never showed " + cluster + " reachable=" + reachable + ": " + status);
    }
}
