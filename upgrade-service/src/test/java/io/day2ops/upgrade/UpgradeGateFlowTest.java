package io.day2ops.upgrade;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventType;
import io.day2ops.events.UpgradeRequested;
import io.day2ops.localstack.BusClient;
import io.day2ops.localstack.Day2TestInfrastructure;
import io.day2ops.localstack.MockClusters;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UpgradeRequested in, gate event out, over a real broker and database. */
@QuarkusTest
@QuarkusTestResource(
        value = Day2TestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "upgrade"))
@QuarkusTestResource(MockClusters.class)
class UpgradeGateFlowTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private BusClient events;

    @BeforeEach
    void connect() {
        events = new BusClient(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void aGateForAnUnknownClusterFailsOnReachability() throws Exception {
        JsonNode failed = gateFor("nowhere", "1.31");

        assertThat(failedCheckIds(failed)).containsExactly("cluster-reachable");
        assertThat(failed.get("failures").get(0).get("message").asText())
                .contains("no connection configured for cluster 'nowhere'");
    }

    @Test
    void aGateThatSkipsAMinorVersionFailsNamingTheNextStep() throws Exception {
        JsonNode failed = gateFor("primary", "1.32");

        assertThat(failed.get("currentVersion").asText()).isEqualTo("v1.30.4");
        assertThat(failedCheckIds(failed))
                .containsExactlyInAnyOrder("control-plane-version-step", "gate-checks-not-available");
    }

    @Test
    void aGateWithoutTheFullCheckSetFailsClosedEvenOnAGoodVersionStep() throws Exception {
        String name = "gate-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode failed = gateFor("primary", "1.31", name);

        assertThat(failedCheckIds(failed)).as(failed.toString()).containsExactly("gate-checks-not-available");
        given().get("/gates/requests/" + name)
                .then()
                .statusCode(200)
                .body("verdict", equalTo("Failed"))
                .body("checks.id", hasItem("control-plane-version-step"));
        given().get("/gates/clusters/primary/latest").then().statusCode(200).body("cluster", equalTo("primary"));
    }

    @Test
    void anUnreachableApiServerIsNamedAsTheFailure() throws Exception {
        JsonNode failed = gateFor("unreachable", "1.31");

        assertThat(failedCheckIds(failed)).containsExactly("cluster-reachable");
        assertThat(failed.get("failures").get(0).get("message").asText()).contains("did not answer");
    }

    @Test
    void restNamesBadInput() {
        given().get("/gates/clusters/Bad_Cluster/latest")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("cluster"));
        given().get("/gates/requests/never-requested").then().statusCode(404);
    }

    private JsonNode gateFor(String cluster, String target) throws Exception {
        return gateFor(cluster, target, "gate-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private JsonNode gateFor(String cluster, String target, String name) throws Exception {
        events.publish(new UpgradeRequested(name, cluster, target, true, null, null));
        List<ConsumerRecord<String, String>> answers = events.await(
                EventType.UPGRADE_GATE_FAILED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(answers).as("UpgradeGateFailed for %s", name).hasSize(1);
        assertThat(answers.get(0).key()).isEqualTo(cluster);
        return JSON.readTree(answers.get(0).value());
    }

    private static List<String> failedCheckIds(JsonNode event) {
        List<String> ids = new ArrayList<>();
        event.get("failures").forEach(check -> ids.add(check.get("id").asText()));
        return ids;
    }
}
