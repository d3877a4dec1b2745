package io.day2ops.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.SharedIssuer;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Nobody gets a page or an action without logging in at the issuer: a browser without a session is sent to the
 * issuer's login page (the console's client, the code flow), an action without a session is never forwarded; only
 * health, metrics and the console's own CSS and script are open. (What each role may do once logged in is
 * ConsoleBrowserTest's.)
 */
@Day2FlowTest
class ConsoleSecurityTest {

    @Test
    void everyPageAndActionWithoutASessionGoesToTheIssuersLoginPage() {
        for (String path : new String[] {"/", "/fleet/primary", "/backups/x", "/gates/y", "/events", "/delivery"}) {
            Response answer = given().redirects().follow(false).when().get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(302);
            assertThat(answer.header("Location"))
                    .as(path)
                    .startsWith(SharedIssuer.url() + "/protocol/openid-connect/auth")
                    .contains("client_id=day2ops-console")
                    .contains("response_type=code");
        }
        Response action = given().redirects()
                .follow(false)
                .contentType("application/json")
                .header("X-Day2-Action", "console")
                .body("{\"cluster\":\"primary\"}")
                .when()
                .post("/actions/backups");
        assertThat(action.statusCode()).isEqualTo(302);
    }

    @Test
    void aBearerTokenIsNoSessionTheConsoleIsForPeopleInABrowser() {
        Response answer = given().redirects()
                .follow(false)
                .auth()
                .oauth2(SharedIssuer.token("operator"))
                .when()
                .get("/");
        assertThat(answer.statusCode()).isEqualTo(302);
    }

    @Test
    void healthAndTheConsolesOwnAssetsNeedNoLogin() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/console.css").then().statusCode(200);
        given().when().get("/console.js").then().statusCode(200);
        assertThat(given().when().get("/q/metrics").asString()).contains("day2_console_clusters");
    }
}
