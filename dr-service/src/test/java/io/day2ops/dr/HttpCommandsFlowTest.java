package io.day2ops.dr;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.Flow;
import org.junit.jupiter.api.Test;

/**
 * POST /drills and /failovers over the real broker, database and issuer: a person's request goes through the same
 * policy as any on the bus — the standby is protected in tests, and a person is not among the sources allowed to
 * drill or fail over into it.
 */
@Day2FlowTest
class HttpCommandsFlowTest {

    @Test
    void aDrillPostedByAnOperatorIsTheirRequestAndThePolicyJudgesThemByName() {
        String name = Flow.unique("http-drill");
        String body = "{\"name\":\"" + name + "\",\"cluster\":\"primary\",\"targetCluster\":\"standby\"}";
        asUser("operator")
                .contentType("application/json")
                .body(body)
                .post("/drills")
                .then()
                .statusCode(202)
                .header("Location", containsString("/drills/" + name))
                .body("requestedBy", equalTo("/users/operator"));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("viewer")
                        .get("/drills/" + name)
                        .then()
                        .statusCode(200)
                        .body("requestedBy", equalTo("/users/operator"))
                        .body("passed", equalTo(false))
                        .body("failureReason", containsString("not from '/users/operator'")));
        asUser("operator")
                .contentType("application/json")
                .body(body)
                .post("/drills")
                .then()
                .statusCode(409)
                .body("detail", containsString("drill '" + name + "' exists already"));
    }

    @Test
    void aFailoverPostedIsFollowedAsADrillAndAFailoverCannotReuseADrillsName() {
        String name = Flow.unique("http-failover");
        asUser("operator")
                .contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"cluster\":\"primary\",\"targetCluster\":\"standby\"}")
                .post("/failovers")
                .then()
                .statusCode(202)
                .header("Location", containsString("/drills/" + name));
        await().atMost(TIMEOUT)
                .untilAsserted(() -> asUser("viewer")
                        .get("/drills/" + name)
                        .then()
                        .statusCode(200)
                        .body("requestedBy", equalTo("/users/operator"))
                        .body("passed", equalTo(false))
                        .body("failureReason", containsString("/users/operator")));
        asUser("operator")
                .contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"cluster\":\"primary\",\"targetCluster\":\"standby\"}")
                .post("/drills")
                .then()
                .statusCode(409);
        asUser("operator")
                .contentType("application/json")
                .body("{\"name\":\"" + Flow.unique("no-target") + "\",\"cluster\":\"primary\"}")
                .post("/failovers")
                .then()
                .statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("targetCluster"));
    }
}
