package io.day2ops.scheduler;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.day2ops.testing.Day2FlowTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedules REST API: the module's daily-backup in one call, and bad input named field by field. */
@Day2FlowTest
class ScheduleResourceTest {

    @Test
    void theModulesDailyBackupIsOneCallAndAnswersWithItsNextThreeFireTimes() {
        String name = unique("daily-backup");
        String body = """
                {"name": "%s", "schedule": "0 1 * * *",
                 "template": {"cluster": "primary", "includedNamespaces": ["default", "kube-system"], "ttl": "720h"}}
                """.formatted(name);

        List<String> times = asUser("admin")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/schedules")
                .then()
                .statusCode(201)
                .body("timeZone", equalTo("UTC"))
                .body("nextFireTimes", hasSize(3))
                .extract()
                .jsonPath()
                .getList("nextFireTimes", String.class);
        ZonedDateTime first = Instant.parse(times.get(0)).atZone(ZoneOffset.UTC);
        assertThat(first.getHour()).isEqualTo(1);
        assertThat(first.getMinute()).isZero();
        assertThat(Instant.parse(times.get(1)))
                .isEqualTo(Instant.parse(times.get(0)).plusSeconds(86_400));

        asUser("admin")
                .get("/schedules/" + name)
                .then()
                .statusCode(200)
                .body("template.includedNamespaces", hasItem("kube-system"))
                .body("nextFireTimes[0]", equalTo(times.get(0)));
        asUser("admin")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/schedules")
                .then()
                .statusCode(409);
        asUser("admin").delete("/schedules/" + name).then().statusCode(204);
        asUser("admin").get("/schedules/" + name).then().statusCode(404);
    }

    @Test
    void badInputGetsA400NamingEachField() {
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "Nightly_Backup", "schedule": "61 1 * * *", "timeZone": "UTC",
                         "template": {"cluster": "primary", "ttl": 30}}
                        """)
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("schedule"))
                .body("errors.find { it.field == 'schedule' }.message", equalTo("minute: 61 is out of range 0-59"))
                .body("errors.field", hasItem("template.ttl"));
        asUser("admin")
                .contentType(ContentType.JSON)
                .body("""
                        {"name": "weekly", "schedule": "@weekly", "timeZone": "Mars/Olympus",
                         "template": {"cluster": "primary"}}
                        """)
                .post("/schedules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("timeZone"))
                .body("errors[0].message", containsString("Mars/Olympus"));
    }
}
