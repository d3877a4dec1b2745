package io.day2ops.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.EventType;
import io.day2ops.testing.Answers;
import io.day2ops.testing.FaultFigures;
import io.day2ops.testing.Replicas;
import io.day2ops.testing.ServiceProcess;
import io.day2ops.testing.SharedIssuer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * scheduler-service's part of the fault suite ({@code ./day2 check faults}, see backup-service's
 * {@code FaultSuiteIT}): two packaged replicas share 100 schedules firing every minute; one is killed with
 * {@code kill -9} the moment it has committed its first round of a slot (its outbox rows most likely not yet sent). Each schedule must fire that slot and the next
 * exactly once — a slot not fired is lost, a slot's request published twice (with different ids) a duplicate. Slow
 * half only: it waits for two minute boundaries.
 */
class FaultSuiteIT {

    private static final DateTimeFormatter SLOT_NAME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final List<FaultFigures> RESULTS = new CopyOnWriteArrayList<>();

    private static Replicas replicas;

    @BeforeAll
    static void infrastructure() {
        replicas = new Replicas(
                "scheduler-service",
                "scheduler-faults",
                Map.of(
                        "snapshot-taken", EventType.SNAPSHOT_TAKEN.topic(),
                        "backup-failed", EventType.BACKUP_FAILED.topic()),
                Map.of("day2.jobs.shutdown-grace", "2s"));
    }

    @AfterAll
    static void report() {
        FaultFigures.report("day2ops fault suite, scheduler-service (all faults)", RESULTS);
        if (replicas != null) {
            replicas.close();
        }
    }

    @Test
    @EnabledIfSystemProperty(
            named = "faults",
            matches = "all",
            disabledReason = "slow half of the fault suite (two minute boundaries): ./day2 check faults")
    void killMinus9AsASlotComesDueFiresEachSlotExactlyOnce() throws Exception {
        List<ServiceProcess> both = replicas.replicas(2, Map.of());
        ServiceProcess victim = both.get(0);
        ServiceProcess survivor = both.get(1);
        String run = UUID.randomUUID().toString().substring(0, 6);
        try {
            if (Instant.now().atZone(ZoneOffset.UTC).getSecond() > 40) { // all created within one minute
                Thread.sleep(Duration.between(
                                        Instant.now(),
                                        Instant.now()
                                                .truncatedTo(ChronoUnit.MINUTES)
                                                .plus(1, ChronoUnit.MINUTES))
                                .toMillis()
                        + 1_000);
            }
            List<String> schedules = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String name = "fault-" + run + "-" + i;
                schedules.add(name);
                RestAssured.given()
                        .auth()
                        .oauth2(SharedIssuer.token("admin"))
                        .contentType(ContentType.JSON)
                        .body("""
                                {"name": "%s", "kind": "drill", "schedule": "* * * * *",
                                 "template": {"cluster": "faults-%s", "targetCluster": "standby"}}
                                """.formatted(name, run))
                        .post(survivor.url() + "/schedules")
                        .then()
                        .statusCode(201);
            }
            // the first slot every schedule has: the minute boundary after the last was created
            Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
            Instant second = first.plus(1, ChronoUnit.MINUTES);
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), first).toMillis()));
            // killed the moment it has committed a round of the slot (its outbox rows not yet sent, most likely), or
            // 2 s after the slot if the other replica took every schedule
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (firedBy(victim, first) == 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            victim.kill();
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), second).toMillis()) + 15_000);

            List<String> expected = new ArrayList<>();
            for (String schedule : schedules) {
                expected.add(schedule + "-" + SLOT_NAME.format(first));
                expected.add(schedule + "-" + SLOT_NAME.format(second));
            }
            var fired =
                    Answers.await(replicas.bus, List.of(EventType.DRILL_REQUESTED), expected, Duration.ofSeconds(60));
            Set<String> wanted = Set.copyOf(schedules);
            int unexpected = 0;
            for (ConsumerRecord<String, String> record : replicas.bus.await(
                    EventType.DRILL_REQUESTED.topic(),
                    r -> {
                        String subject = io.day2ops.testing.BusClient.header(r, "ce_subject");
                        return subject != null
                                && subject.startsWith("fault-" + run + "-")
                                && wanted.contains(subject.substring(0, subject.lastIndexOf('-')));
                    },
                    Integer.MAX_VALUE,
                    Duration.ofSeconds(5))) {
                if (!expected.contains(io.day2ops.testing.BusClient.header(record, "ce_subject"))) {
                    unexpected++;
                }
            }
            RESULTS.add(FaultFigures.of(
                            "kill -9 of scheduler-service as 100 slots fire",
                            expected,
                            Answers.ids(fired),
                            unexpected,
                            "2 slots x 100 schedules; the killed replica had committed " + firedBy(victim, first)
                                    + " of the first; 'corrupt' = a request for a slot that never was")
                    .assertClean());
            assertThat(unexpected).isZero();
        } finally {
            victim.close();
            survivor.close();
        }
    }

    /** How many requests for {@code slot} {@code replica} logged as fired (after their commit). */
    private static long firedBy(ServiceProcess replica, Instant slot) {
        String suffix = "-" + SLOT_NAME.format(slot);
        return replica.log()
                .lines()
                .filter(line -> line.contains("fired DrillRequested ") && line.endsWith(suffix))
                .count();
    }
}
