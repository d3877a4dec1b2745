package io.day2ops.dr;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.day2ops.events.DrillCompleted;
import io.day2ops.events.DrillCompleted.Check;
import io.day2ops.events.DrillCompleted.TimelineEntry;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.FailoverCompleted;
import io.day2ops.events.FailoverRequested;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.events.fixtures.DrillRequestedBuilder;
import io.day2ops.events.fixtures.FailoverRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Drills end to end over a real broker and database, with the real backup-service (its packaged jar, its own process)
 * answering restores: the lab's primary backed up, restored into the standby under a mapped namespace, verified, RTO
 * and RPO measured; and every way a drill cannot proceed completing as failed with the reason.
 */
@Day2FlowTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrillFlowTest {

    /** A drill restores, verifies and cleans up: longer than the default flow timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "day2.clusters.primary.url")
    String primaryUrl;

    @ConfigProperty(name = "day2.clusters.standby.url")
    String standbyUrl;

    @Inject
    Pool pool;

    @TestHTTPResource("/q/health/live")
    URL live;

    private final EventCodec codec = new EventCodec();

    @InjectBus
    BusClient events;

    private SnapshotTaken labBackup;
    private final Instant classStartedAt = Instant.now();

    /** One backup of the lab's default namespace by the real backup-service, known to dr-service, for every drill. */
    @BeforeAll
    void backUpTheLab() throws Exception {
        try (BusClient bus = new BusClient(bootstrapServers)) {
            String name = unique("lab");
            bus.publish(BackupRequestedBuilder.backupRequested()
                    .name(name)
                    .cluster("primary")
                    .includedNamespaces(List.of("default"))
                    .ttl("24h")
                    .etcdSnapshot(true)
                    .build());
            var taken = bus.await(
                    EventType.SNAPSHOT_TAKEN.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
            assertThat(taken)
                    .as("SnapshotTaken from backup-service for " + name)
                    .hasSize(1);
            labBackup = codec.parse(EventType.SNAPSHOT_TAKEN, taken.get(0).value());
        }
        await().atMost(TIMEOUT)
                .until(() -> pool.preparedQuery("SELECT 1 FROM known_backup WHERE name = $1")
                                .execute(Tuple.of(labBackup.name()))
                                .await()
                                .atMost(Duration.ofSeconds(10))
                                .size()
                        == 1);
    }

    @Test
    void verifyTargetsNameTheBackedUpNamespaceAndOneTheRestoreDidNotRestoreFailsAtOnce() throws Exception {
        String mapped = unique("verify-mapped");
        String target = unique("drill");
        events.publish(DrillRequestedBuilder.drillRequested()
                .name(mapped)
                .cluster("primary")
                .targetCluster("standby")
                .backupName(labBackup.name())
                .namespaceMapping(Map.of("default", target))
                .verify(List.of("Deployment/default/critical-app"))
                .cleanup(true)
                .timeout("5m")
                .build());
        DrillCompleted drill = completed(mapped);
        assertThat(drill.passed()).as(drill.toString()).isTrue();
        assertThat(drill.checks())
                .extracting(Check::name)
                .as("checked where namespaceMapping put it")
                .contains("Deployment/" + target + "/critical-app");

        String absent = unique("verify-absent");
        Instant start = Instant.now();
        events.publish(DrillRequestedBuilder.drillRequested()
                .name(absent)
                .cluster("primary")
                .targetCluster("standby")
                .backupName(labBackup.name())
                .namespaceMapping(Map.of("default", unique("drill")))
                .verify(List.of("Deployment/default/not-in-the-backup"))
                .cleanup(true)
                .timeout("5m")
                .build());
        DrillCompleted failed = completed(absent);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.failureReason())
                .contains("verify [Deployment/")
                .contains("/not-in-the-backup]: not restored into the target, so the drill fails without waiting");
        assertThat(Duration.between(start, failed.completedAt()))
                .as("long before its 5-minute deadline")
                .isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void theLabsBackupRestoredIntoTheStandbyIsVerifiedAndItsRtoAndRpoMeasured() throws Exception {
        String name = unique("weekly");
        String target = unique("drill");
        Instant before = Instant.now();
        events.publish(DrillRequestedBuilder.drillRequested()
                .name(name)
                .cluster("primary")
                .targetCluster("standby")
                .backupName(labBackup.name())
                .namespaceMapping(Map.of("default", target))
                .rtoObjective("2m")
                .rpoObjective("1h")
                .verify(List.of())
                .cleanup(false)
                .timeout("2m")
                .httpChecks(List.of(live.toString()))
                .build());
        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).as(drill.toString()).isTrue();
        assertThat(drill.backupName()).isEqualTo(labBackup.name());
        assertThat(drill.checks())
                .filteredOn(c -> c.name().equals("Deployment/" + target + "/critical-app"))
                .singleElement()
                .satisfies(c -> assertThat(c.passed()).isTrue());
        assertThat(drill.checks())
                .extracting(Check::name)
                .contains("Service/" + target + "/critical-app", "rto-objective", "rpo-objective");
        assertThat(drill.rtoMeasuredMillis()).isPositive().isLessThan(120_000L);
        assertThat(drill.checks())
                .filteredOn(c -> c.name().equals("GET " + live) || c.name().equals("etcd-health"))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.passed()).as(c.message()).isTrue());
        assertThat(drill.checks())
                .filteredOn(c -> c.name().equals("etcd-snapshot"))
                .singleElement()
                .satisfies(c -> assertThat(c.passed()).as(c.message()).isTrue())
                .satisfies(c -> assertThat(c.message())
                        .contains(
                                "revision " + labBackup.etcd().revision(),
                                labBackup.etcd().keys() + " keys"));
        assertThat(drill.rtoMeasuredMillis())
                .as("start to the last verification passed, before the verification was recorded")
                .isLessThanOrEqualTo(
                        Duration.between(drill.startedAt(), verifiedAt(drill)).toMillis());
        assertThat(drill.rpoMeasuredMillis())
                .as("drill start minus the backup's data timestamp")
                .isEqualTo(Duration.between(labBackup.dataTimestamp(), drill.startedAt())
                        .toMillis());
        assertThat(drill.startedAt()).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(drill.timeline())
                .extracting(TimelineEntry::step)
                .containsSubsequence(
                        "drill-started", "restore-requested", "restore-completed", "verified", "drill-completed");
        try (KubernetesClient standby = standby()) {
            Deployment restored = standby.apps()
                    .deployments()
                    .inNamespace(target)
                    .withName("critical-app")
                    .get();
            assertThat(restored.getStatus().getAvailableReplicas()).isEqualTo(3);
        }
        String metrics = asUser("admin")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics)
                .contains("day2_drill_last_passed{cluster=\"primary\"}")
                .contains("day2_drill_rto_seconds{cluster=\"primary\"}")
                .contains("day2_drill_rto_objective_seconds{cluster=\"primary\"} 120.0")
                .contains("day2_drills_total{kind=\"drill\",outcome=\"passed\"}")
                .contains("day2_drill_duration_seconds_bucket{kind=\"drill\",outcome=\"passed\",le=\"+Inf\"}")
                .contains("day2_job_duration_seconds_bucket{kind=\"drill-verify\",outcome=\"Completed\",le=\"+Inf\"}")
                .contains("day2_cluster_api_requests_total{cluster=\"standby\",code=\"2xx\"}");
        // when it ran, as a timestamp: drills that stop running are seen (the last verdict alone stays green)
        double lastRun = io.day2ops.testing.ScrapedMetrics.scrape()
                .value("day2_drill_last_run_timestamp_seconds{cluster=\"primary\"}");
        assertThat(lastRun).isCloseTo(java.time.Instant.now().getEpochSecond(), within(120.0));
        assertThat(io.day2ops.testing.ScrapedMetrics.scrape()
                        .value("day2_drill_last_passed_timestamp_seconds{cluster=\"primary\"}"))
                .isGreaterThanOrEqualTo(lastRun);
        asUser("admin").get("/drills/" + name).then().statusCode(200).body("passed", equalTo(true));
    }

    @Test
    void theSameDrillWithAnRtoObjectiveBelowWhatTheRestoreNeedsFailsOnRtoAndCleansUp() throws Exception {
        String name = unique("too-ambitious");
        String target = unique("drill");
        events.publish(DrillRequestedBuilder.drillRequested()
                .name(name)
                .cluster("primary")
                .targetCluster("standby")
                .backupName("latest")
                .namespaceMapping(Map.of("default", target))
                .rtoObjective("1ms")
                .rpoObjective("1h")
                .verify(List.of())
                .cleanup(true)
                .timeout("2m")
                .build());
        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).isFalse();
        assertThat(drill.failureReason()).startsWith("rto-objective: RTO ").contains("exceeds the objective 1ms");
        assertThat(drill.rtoMeasuredMillis()).as("measured all the same").isPositive();
        assertThat(drill.checks())
                .filteredOn(c -> c.name().startsWith("Deployment/"))
                .allMatch(Check::passed);
        assertThat(drill.timeline()).extracting(TimelineEntry::step).contains("cleaned-up");
        try (KubernetesClient standby = standby()) {
            await().atMost(TIMEOUT)
                    .until(() -> standby.namespaces().withName(target).get() == null);
        }
    }

    @Test
    void theModulesDrTestDrainsThePrimaryThroughUpgradeServiceThenRestoresAndVerifiesInTheStandby() throws Exception {
        String name = unique("test-dr");
        String target = unique("dr");
        try {
            events.publish(DrillRequestedBuilder.drillRequested()
                    .name(name)
                    .cluster("primary")
                    .targetCluster("standby")
                    .backupName("latest")
                    .namespaceMapping(Map.of("default", target))
                    .rtoObjective("5m")
                    .rpoObjective("1h")
                    .verify(List.of())
                    .cleanup(false)
                    .timeout("3m")
                    .drainSource(true)
                    .build());
            DrillCompleted drill = completed(name);

            assertThat(drill.passed()).as(drill.toString()).isTrue();
            assertThat(drill.timeline())
                    .extracting(TimelineEntry::step)
                    .containsSubsequence(
                            "drain-requested", "source-drained", "restore-requested", "restore-completed", "verified");
            // one trace across the three services: the answer carries it (ce_traceparent), and the lines each service
            // logged for this drill (dr-service's drill, upgrade-service's drain, backup-service's restore) show it
            String traceparent = BusClient.header(
                    events.await(
                                    EventType.DRILL_COMPLETED.topic(),
                                    r -> name.equals(BusClient.header(r, "ce_subject")),
                                    1,
                                    TIMEOUT)
                            .get(0),
                    "ce_traceparent");
            assertThat(traceparent).as("DrillCompleted's trace context").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            String traceId = traceparent.substring(3, 35);
            String restore = drill.timeline().stream()
                    .filter(t -> t.step().equals("restore-requested"))
                    .findFirst()
                    .orElseThrow()
                    .message();
            assertThat(linesOf(Path.of("target/dr-service-test.log"), traceId))
                    .as("dr-service's lines in trace " + traceId)
                    .anyMatch(line -> line.contains(name));
            assertThat(linesOf(
                            Path.of(ConfigProvider.getConfig().getValue("test.upgrade-service.log", String.class)),
                            traceId))
                    .as("upgrade-service's lines in trace " + traceId)
                    .anyMatch(line -> line.contains("drain"));
            assertThat(linesOf(
                            Path.of(ConfigProvider.getConfig().getValue("test.backup-service.log", String.class)),
                            traceId))
                    .as("backup-service's lines in trace " + traceId + " (" + restore + ")")
                    .anyMatch(line -> line.contains("restore"));
            TimelineEntry drained = drill.timeline().stream()
                    .filter(t -> t.step().equals("source-drained"))
                    .findFirst()
                    .orElseThrow();
            assertThat(drained.message()).contains("primary-worker-1", "primary-worker-2");
            try (KubernetesClient primary = primary()) {
                assertThat(primary.nodes()
                                .withName("primary-worker-1")
                                .get()
                                .getSpec()
                                .getUnschedulable())
                        .as("the module's test leaves the source cordoned")
                        .isTrue();
            }
        } finally {
            try (KubernetesClient primary = primary()) {
                primary.nodes()
                        .list()
                        .getItems()
                        .forEach(n -> primary.nodes()
                                .withName(n.getMetadata().getName())
                                .edit(node -> {
                                    node.getSpec().setUnschedulable(false);
                                    return node;
                                }));
            }
        }
    }

    @Test
    void aManualFailoverRestoresTheLatestBackupIntoTheStandbyKeepsItAndReportsRtoAndRpo() throws Exception {
        String name = unique("game-day");
        String target = unique("fo");
        events.publish(FailoverRequestedBuilder.failoverRequested()
                .name(name)
                .cluster("primary")
                .targetCluster("standby")
                .backupName(labBackup.name())
                .namespaceMapping(Map.of("default", target))
                .automatic(false)
                .reason("game day")
                .build());
        var answers = events.await(
                EventType.FAILOVER_COMPLETED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(answers).hasSize(1);
        FailoverCompleted failover =
                codec.parse(EventType.FAILOVER_COMPLETED, answers.get(0).value());

        assertThat(failover.succeeded()).as(failover.toString()).isTrue();
        assertThat(failover.rtoMillis()).isPositive();
        assertThat(failover.rpoMillis())
                .isEqualTo(Duration.between(labBackup.dataTimestamp(), failover.startedAt())
                        .toMillis());
        assertThat(failover.checks())
                .filteredOn(c -> c.name().equals("Deployment/" + target + "/critical-app"))
                .singleElement()
                .satisfies(c -> assertThat(c.passed()).isTrue());
        try (KubernetesClient standby = standby()) {
            assertThat(standby.apps()
                            .deployments()
                            .inNamespace(target)
                            .withName("critical-app")
                            .get())
                    .as("a failover keeps what it restored")
                    .isNotNull();
        }
        assertThat(events.await(
                        EventType.DRILL_COMPLETED.topic(),
                        r -> name.equals(BusClient.header(r, "ce_subject")),
                        1,
                        Duration.ofSeconds(2)))
                .as("a failover is not reported as a drill")
                .isEmpty();
    }

    @Test
    void aClusterWhoseApiFailsItsProbesIsFailedOverAutomaticallyOnceAndTheOutcomeNamed() throws Exception {
        // %test: day2.failover.auto.unreachable.target=standby, after 3 failed probes 300 ms apart
        var requested = events.await(
                EventType.FAILOVER_REQUESTED.topic(),
                r -> "unreachable".equals(r.key()) && r.timestamp() >= classStartedAt.toEpochMilli(),
                2,
                Duration.ofSeconds(20));
        assertThat(requested).as("one automatic failover within the cooldown").hasSize(1);
        FailoverRequested request =
                codec.parse(EventType.FAILOVER_REQUESTED, requested.get(0).value());
        assertThat(request.automatic()).isTrue();
        assertThat(request.targetCluster()).isEqualTo("standby");
        assertThat(request.reason())
                .containsPattern("failed \\d+ health probes in a row")
                .contains("as seen by 1 of 1 dr-service replicas");

        var answers = events.await(
                EventType.FAILOVER_COMPLETED.topic(),
                r -> request.name().equals(BusClient.header(r, "ce_subject")),
                1,
                TIMEOUT);
        FailoverCompleted failover =
                codec.parse(EventType.FAILOVER_COMPLETED, answers.get(0).value());
        assertThat(failover.succeeded()).isFalse();
        assertThat(failover.failureReason())
                .isEqualTo(
                        "backup: no Completed backup of cluster 'unreachable' is known (none seen on SnapshotTaken)");
    }

    @Test
    void anHttpCheckToAHostNotAllowedFailsTheDrillAtOnceWithoutARequest() throws Exception {
        String name = unique("http-fenced");
        String url = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
        requestHttpCheckDrill(name, url, "2m");
        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).isFalse();
        assertThat(drill.failureReason())
                .isEqualTo(
                        "verify: GET " + url + ": refused: host '169.254.169.254' is not in day2.drill.http-check-hosts"
                                + " [127.0.0.1, localhost]");
        assertThat(Duration.between(drill.startedAt(), drill.completedAt()))
                .as("refused at once, not at the 2m deadline")
                .isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void anHttpCheckThatNeverAnswersFailsTheDrillAtItsDeadlineNamingTheUrl() throws Exception {
        String name = unique("http-down");
        String url = "http://127.0.0.1:" + closedPort() + "/health";
        requestHttpCheckDrill(name, url, "20s");
        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).isFalse();
        assertThat(drill.failureReason()).startsWith("GET " + url + ": did not answer");
        assertThat(drill.rtoMeasuredMillis()).as("never verified, so no RTO").isNull();
        assertThat(drill.checks())
                .filteredOn(c -> c.name().startsWith("Deployment/"))
                .allMatch(Check::passed);
    }

    /** A drill of the lab backup into a fresh namespace of the standby whose only check is {@code GET url}. */
    private void requestHttpCheckDrill(String name, String url, String timeout) {
        events.publish(DrillRequestedBuilder.drillRequested()
                .name(name)
                .cluster("primary")
                .targetCluster("standby")
                .backupName(labBackup.name())
                .namespaceMapping(Map.of("default", unique("http")))
                .verify(List.of())
                .cleanup(true)
                .timeout(timeout)
                .httpChecks(List.of(url))
                .build());
    }

    @Test
    void aDrillIntoAProtectedClusterFromASourceNotAllowedIsRejectedAndRestoresNothing() throws Exception {
        String name = unique("protected");
        String target = unique("protected");
        events.as("/chatops").publish(drillInto("standby", name, Map.of("default", target)));
        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).isFalse();
        assertThat(drill.failureReason())
                .startsWith("policy: Rejected: cluster 'standby' is protected: drill is allowed only from")
                .contains("not from '/chatops'")
                .contains("day2.policy.clusters.standby.allow.drill");
        try (KubernetesClient standby = standby()) {
            assertThat(standby.namespaces().withName(target).get()).isNull();
        }
        asUser("viewer")
                .get("/drills/" + name)
                .then()
                .statusCode(200)
                .body("requestedBy", equalTo("/chatops"))
                .body("passed", equalTo(false));
    }

    @Test
    void aFailoverIntoAProtectedClusterFromASourceNotAllowedIsRejectedAndRestoresNothing() throws Exception {
        String name = unique("rogue-failover");
        String target = unique("rogue");
        events.as("/chatops")
                .publish(FailoverRequestedBuilder.failoverRequested()
                        .name(name)
                        .cluster("primary")
                        .targetCluster("standby")
                        .backupName(labBackup.name())
                        .namespaceMapping(Map.of("default", target))
                        .automatic(false)
                        .reason("someone typed it into chat")
                        .build());
        var answers = events.await(
                EventType.FAILOVER_COMPLETED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(answers).hasSize(1);
        FailoverCompleted failover =
                codec.parse(EventType.FAILOVER_COMPLETED, answers.get(0).value());

        assertThat(failover.succeeded()).isFalse();
        assertThat(failover.failureReason())
                .startsWith("policy: Rejected: cluster 'standby' is protected: failover is allowed only from")
                .contains("not from '/chatops'");
        try (KubernetesClient standby = standby()) {
            assertThat(standby.namespaces().withName(target).get()).isNull();
        }
    }

    @Test
    void aDrillSentLongerAgoThanItsMaxAgeIsRejectedAsExpired() throws Exception {
        String name = unique("stale");
        String target = unique("stale");
        events.publishSentAt(
                drillInto("standby", name, Map.of("default", target)),
                Instant.now().minus(Duration.ofHours(2)));
        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).isFalse();
        assertThat(drill.failureReason()).startsWith("policy: Rejected: expired: sent at ");
        try (KubernetesClient standby = standby()) {
            assertThat(standby.namespaces().withName(target).get()).isNull();
        }
    }

    @Test
    void aDrillNeverRestoresOverItsSourceNorIntoASystemNamespaceNorOneItDidNotCreate() throws Exception {
        String ownSource = unique("own-source");
        events.publish(drillInto("primary", ownSource, Map.of()));
        assertThat(completed(ownSource).failureReason())
                .startsWith("target-namespaces: Rejected: the target cluster is the source cluster 'primary'");

        String system = unique("system");
        events.publish(drillInto("standby", system, Map.of("default", "kube-system")));
        assertThat(completed(system).failureReason())
                .startsWith("target-namespaces: Rejected: namespaceMapping maps default onto system namespace"
                        + " kube-system");

        String foreign = unique("foreign");
        String taken = unique("taken");
        try (KubernetesClient standby = standby()) {
            standby.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(taken)
                            .endMetadata()
                            .build())
                    .create();
            standby.configMaps()
                    .inNamespace(taken)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("critical-app-config")
                            .endMetadata()
                            .withData(Map.of("LOG_LEVEL", "untouched"))
                            .build())
                    .create();
            events.publish(drillInto("standby", foreign, Map.of("default", taken)));
            assertThat(completed(foreign).failureReason())
                    .startsWith("target-namespaces: Rejected: namespaces [" + taken + "] already exist in cluster"
                            + " 'standby' and were not created by this drill");
            // cleanup was asked for; the namespace is not the drill's, so it is neither restored into nor deleted
            assertThat(standby.configMaps()
                            .inNamespace(taken)
                            .withName("critical-app-config")
                            .get()
                            .getData())
                    .containsEntry("LOG_LEVEL", "untouched");
            assertThat(standby.namespaces().withName(taken).get()).isNotNull();
            assertThat(standby.apps().deployments().inNamespace(taken).list().getItems())
                    .isEmpty();
        }
    }

    /** A drill of the lab backup with cleanup, nothing to verify but what was restored. */
    private DrillRequested drillInto(String target, String name, Map<String, String> mapping) {
        return DrillRequestedBuilder.drillRequested()
                .name(name)
                .cluster("primary")
                .targetCluster(target)
                .backupName(labBackup.name())
                .namespaceMapping(mapping)
                .verify(List.of())
                .cleanup(true)
                .timeout("1m")
                .build();
    }

    @Test
    void aDrillAgainstAnUnreachableTargetCompletesAsFailedWithTheReasonAndNoUnmeasuredRto() throws Exception {
        String name = unique("unreachable");
        events.publish(DrillRequestedBuilder.drillRequested()
                .name(name)
                .cluster("primary")
                .targetCluster("unreachable")
                .backupName("latest")
                .rtoObjective("15m")
                .rpoObjective("24h")
                .cleanup(false)
                .timeout("1m")
                .build());
        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).isFalse();
        assertThat(drill.failureReason())
                .startsWith("target-cluster-reachable: ")
                .contains("did not answer");
        assertThat(drill.rtoMeasuredMillis())
                .as("no RTO is reported that was not measured")
                .isNull();
        assertThat(drill.rtoObjectiveMillis()).isEqualTo(900_000L);
    }

    @Test
    void aDrillIntoAnUnknownClusterNamesIt() throws Exception {
        String name = unique("nowhere");
        events.publish(DrillRequestedBuilder.drillRequested()
                .name(name)
                .cluster("primary")
                .targetCluster("nowhere")
                .backupName("latest")
                .cleanup(false)
                .build());
        assertThat(completed(name).failureReason()).contains("no connection configured for cluster 'nowhere'");
    }

    @Test
    void aDrillOfAMissingBackupCompletesAsFailedSayingSo() throws Exception {
        String name = unique("missing");
        events.publish(DrillRequestedBuilder.drillRequested()
                .name(name)
                .cluster("primary")
                .targetCluster("standby")
                .backupName("no-such-backup")
                .cleanup(false)
                .timeout("1m")
                .build());
        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).isFalse();
        assertThat(drill.failureReason())
                .isEqualTo("backup: backup 'no-such-backup' is not known (no SnapshotTaken seen for it)");
    }

    @Test
    void aRestoreThatFailsFailsTheDrillWithBackupServicesReason() throws Exception {
        // dr-service believes in a backup that backup-service does not have: its restore is answered Failed
        String ghost = unique("ghost");
        pool.preparedQuery("INSERT INTO known_backup (name, cluster, phase, data_timestamp, completed_at, uri)"
                        + " VALUES ($1, 'primary', 'Completed', $2, $2, 'file:///nowhere/')")
                .execute(Tuple.of(ghost, OffsetDateTime.now(ZoneOffset.UTC).minusHours(1)))
                .await()
                .atMost(TIMEOUT);
        String name = unique("ghost-drill");
        events.publish(DrillRequestedBuilder.drillRequested()
                .name(name)
                .cluster("primary")
                .targetCluster("standby")
                .backupName(ghost)
                .namespaceMapping(Map.of("default", unique("ghost")))
                .cleanup(false)
                .timeout("1m")
                .build());
        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).isFalse();
        assertThat(drill.failureReason())
                .startsWith("restore: drill-" + name + " failed: ")
                .contains(ghost);
    }

    @Test
    void aDrillStillWaitingOnItsRestoreAtItsDeadlineCompletesAsFailed() throws Exception {
        String name = unique("stuck");
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        pool.preparedQuery("INSERT INTO drill (name, cluster, target_cluster, backup_name, request, created_at,"
                        + " started_at, phase, restore_name, deadline_at) VALUES ($1, 'primary', 'standby', 'b',"
                        + " '{}', $2, $2, 'Restoring', $3, $4)")
                .execute(Tuple.of(name, started, "drill-" + name, started.plusMinutes(1)))
                .await()
                .atMost(TIMEOUT);

        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).isFalse();
        assertThat(drill.failureReason())
                .startsWith("restore: no RestoreCompleted for drill-" + name + " within the drill's timeout");
    }

    @Test
    void aDrillCancelledWhileItWaitsOnItsRestoreCompletesFailedAtOnceSayingWhoAndWhatGoesOn() throws Exception {
        String name = unique("cancelled");
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("INSERT INTO drill (name, cluster, target_cluster, backup_name, request, created_at,"
                        + " started_at, phase, restore_name, deadline_at) VALUES ($1, 'primary', 'standby', 'b',"
                        + " '{}', $2, $2, 'Restoring', $3, $4)")
                .execute(Tuple.of(name, started, "drill-" + name, started.plusMinutes(30)))
                .await()
                .atMost(TIMEOUT);

        io.day2ops.testing.Api.asUser("viewer")
                .post("/drills/" + name + "/cancel")
                .then()
                .statusCode(403);
        io.day2ops.testing.Api.asUser("operator")
                .post("/drills/" + name + "/cancel")
                .then()
                .statusCode(200)
                .body("phase", org.hamcrest.Matchers.equalTo("Cancelled"))
                .body("message", org.hamcrest.Matchers.containsString("POST /restores/drill-" + name + "/cancel"));
        DrillCompleted drill = completed(name);

        assertThat(drill.passed()).isFalse();
        assertThat(drill.cancelledBy()).isEqualTo("/users/operator");
        assertThat(drill.failureReason())
                .startsWith("cancelled: cancelled by /users/operator while Restoring")
                .contains("restore drill-" + name + " goes on in backup-service");
        io.day2ops.testing.Api.asUser("operator")
                .post("/drills/" + name + "/cancel")
                .then()
                .statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("has ended (failed)"));
    }

    private DrillCompleted completed(String name) throws Exception {
        var answers = events.await(
                EventType.DRILL_COMPLETED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(answers).as("DrillCompleted for %s", name).hasSize(1);
        assertThat(answers.get(0).key()).isEqualTo("primary");
        return codec.parse(EventType.DRILL_COMPLETED, answers.get(0).value());
    }

    /**
     * The lines of a service's log that carry {@code traceId}: the console format prints the MDC's traceId, the JSON
     * one has it under {@code mdc}.
     */
    private static List<String> linesOf(Path log, String traceId) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(log).stream()
                .filter(line -> line.contains(traceId))
                .toList();
    }

    private static Instant verifiedAt(DrillCompleted drill) {
        return drill.timeline().stream()
                .filter(t -> t.step().equals("verified"))
                .map(TimelineEntry::at)
                .findFirst()
                .orElseThrow();
    }

    private KubernetesClient primary() {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(primaryUrl).build())
                .build();
    }

    private KubernetesClient standby() {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(standbyUrl).build())
                .build();
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
