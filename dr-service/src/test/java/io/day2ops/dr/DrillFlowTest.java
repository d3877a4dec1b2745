package io.day2ops.dr;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventType;
import io.day2ops.localstack.BusClient;
import io.day2ops.localstack.Day2TestInfrastructure;
import io.day2ops.localstack.MockClusters;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DrillRequested in, DrillCompleted out, over a real broker and database. */
@QuarkusTest
@QuarkusTestResource(value = Day2TestInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "dr"))
@QuarkusTestResource(MockClusters.class)
class DrillFlowTest {

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
    void aDrillAgainstAnUnreachableTargetCompletesAsFailedWithTheReason() throws Exception {
        JsonNode completed = drill("primary", "unreachable");

        assertThat(completed.get("passed").asBoolean()).isFalse();
        assertThat(completed.get("failureReason").asText())
                .startsWith("target-cluster-reachable: ")
                .contains("did not answer");
        assertThat(completed.has("rtoMeasuredMillis"))
                .as("no RTO is reported that was not measured")
                .isFalse();
        assertThat(completed.get("rtoObjectiveMillis").asLong()).isEqualTo(900_000L);
        assertThat(steps(completed)).startsWith("drill-started").endsWith("drill-completed");
    }

    @Test
    void aDrillIntoAnUnknownClusterNamesIt() throws Exception {
        JsonNode completed = drill("primary", "nowhere");

        assertThat(completed.get("passed").asBoolean()).isFalse();
        assertThat(completed.get("failureReason").asText()).contains("no connection configured for cluster 'nowhere'");
    }

    @Test
    void aDrillBetweenReachableClustersFailsBecauseRestoreIsNotAvailableYet() throws Exception {
        String name = "drill-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode completed = drill("primary", "primary", name);

        assertThat(completed.get("passed").asBoolean()).isFalse();
        assertThat(completed.get("failureReason").asText()).startsWith("restore: ");
        given().get("/drills/" + name)
                .then()
                .statusCode(200)
                .body("passed", equalTo(false))
                .body("report.name", equalTo(name));
        given().get("/drills?cluster=primary").then().statusCode(200);
        given().get("/drills?cluster=Bad_Cluster").then().statusCode(400).body("errors[0].field", equalTo("cluster"));
        given().get("/drills/no-such-drill").then().statusCode(404);
    }

    private JsonNode drill(String source, String target) throws Exception {
        return drill(source, target, "drill-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private JsonNode drill(String source, String target, String name) throws Exception {
        events.publish(new DrillRequested(name, source, target, "latest", null, "15m", "24h", null, true, "30m", null));
        List<ConsumerRecord<String, String>> answers = events.await(
                EventType.DRILL_COMPLETED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(answers).as("DrillCompleted for %s", name).hasSize(1);
        assertThat(answers.get(0).key()).isEqualTo(source);
        return JSON.readTree(answers.get(0).value());
    }

    private static List<String> steps(JsonNode event) {
        return java.util.stream.StreamSupport.stream(event.get("timeline").spliterator(), false)
                .map(step -> step.get("step").asText())
                .toList();
    }
}
