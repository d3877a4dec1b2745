package io.day2ops.upgrade;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.day2ops.events.EventType;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.Flow;
import io.day2ops.testing.InjectBus;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** POST /gates, /drains and /rollouts over the real broker, database, issuer and sandboxes. */
@Day2FlowTest
class HttpCommandsFlowTest {

    @InjectBus
    BusClient events;

    @Test
    void aGatePostedByAnOperatorRunsAsTheirRequestAndItsReportIsAtItsLocation() {
        String name = Flow.unique("http-gate");
        String body =
                "{\"name\":\"" + name + "\",\"cluster\":\"primary\",\"targetVersion\":\"1.32\",\"gateOnly\":true}";
        Response accepted =
                asUser("operator").contentType("application/json").body(body).post("/gates");

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.header("Location")).endsWith("/gates/requests/" + name);
        ConsumerRecord<String, String> verdict = events.await(
                        EventType.UPGRADE_GATE_FAILED.topic(),
                        r -> name.equals(BusClient.header(r, "ce_subject")),
                        1,
                        TIMEOUT)
                .get(0);
        assertThat(verdict.value()).contains("control-plane-version-step");
        ConsumerRecord<String, String> request = events.await(
                        EventType.UPGRADE_REQUESTED.topic(),
                        r -> name.equals(BusClient.header(r, "ce_subject")),
                        1,
                        TIMEOUT)
                .get(0);
        assertThat(BusClient.header(request, "ce_source")).isEqualTo("/users/operator");
        asUser("viewer")
                .get("/gates/requests/" + name)
                .then()
                .statusCode(200)
                .body("verdict", equalTo("Failed"))
                .body("checks.id", hasItem("control-plane-version-step"));
        asUser("operator")
                .contentType("application/json")
                .body(body)
                .post("/gates")
                .then()
                .statusCode(409)
                .body("detail", containsString("gate '" + name + "' exists already"));
    }

    @Test
    void drainsAndRolloutsAreAcceptedAsTheCallersRequestsAndRefusedWhenTheSchemaIs() {
        String drain = Flow.unique("http-drain");
        asUser("operator")
                .contentType("application/json")
                .body("{\"name\":\"" + drain + "\",\"cluster\":\"nowhere\",\"nodes\":[\"node-1\"]}")
                .post("/drains")
                .then()
                .statusCode(202)
                .header("Location", containsString("/drains/" + drain))
                .body("requestedBy", equalTo("/users/operator"));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("viewer")
                        .get("/drains/" + drain)
                        .then()
                        .statusCode(200)
                        .body("requestedBy", equalTo("/users/operator"))
                        .body("reason", notNullValue()));
        asUser("operator")
                .contentType("application/json")
                .body("{\"name\":\"" + Flow.unique("bad-rollout") + "\",\"cluster\":\"primary\"}")
                .post("/rollouts")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem(containsString("workload")));
    }
}
