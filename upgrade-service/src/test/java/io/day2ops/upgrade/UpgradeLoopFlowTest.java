package io.day2ops.upgrade;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.DrainCompleted;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.GateCheckResult;
import io.day2ops.events.UpgradeReady;
import io.day2ops.events.UpgradeVerified;
import io.day2ops.events.UpgradeVerifyRequested;
import io.day2ops.events.fixtures.SnapshotTakenBuilder;
import io.day2ops.events.fixtures.UpgradeRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.day2ops.testing.InjectCluster;
import io.day2ops.testing.SandboxClusters;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole upgrade loop on the sandbox lab, the seed's procedure as events: UpgradeRequested (not gate-only) → GO →
 * the pre-upgrade backup asked for and waited for (this test plays backup-service) → a worker drained → UpgradeReady;
 * the lab upgraded as an external upgrader would → UpgradeVerifyRequested → UpgradeVerified, the worker uncordoned.
 * NO-GO stops before any backup; a failed backup fails the upgrade.
 */
@Day2FlowTest
class UpgradeLoopFlowTest {

    private static final String BACKUP_SERVICE = "/day2ops/backup-service";
    private static final String WORKER = "primary-worker-1";

    private final EventCodec codec = new EventCodec();

    @InjectBus
    BusClient events;

    @InjectCluster("primary")
    KubernetesClient lab;

    @Inject
    Pool pool;

    @BeforeEach
    void freshBackupAndHealthyLab() {
        String marker = unique("loop-backup");
        events.as(BACKUP_SERVICE)
                .publish(SnapshotTakenBuilder.completed(marker, "primary", Instant.now())
                        .completedAt(Instant.now())
                        .build());
        await().atMost(TIMEOUT)
                .until(() -> pool.preparedQuery("SELECT 1 FROM latest_backup WHERE backup_name = $1")
                                .execute(Tuple.of(marker))
                                .await()
                                .atMost(TIMEOUT)
                                .size()
                        == 1);
        await().atMost(TIMEOUT).until(() -> available("default", "critical-app", 3));
    }

    @AfterEach
    void restoreLab() {
        SandboxClusters.cluster("primary").upgradeTo("v1.30.4");
        lab.nodes()
                .withName(WORKER)
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"spec\": {\"unschedulable\": false}}");
    }

    @Test
    void goBacksUpDrainsAndIsReadyThenTheUpgradedLabIsVerifiedAndUncordoned() throws Exception {
        String name = unique("loop");
        events.publish(UpgradeRequestedBuilder.upgradeRequested()
                .name(name)
                .cluster("primary")
                .targetVersion("1.31")
                .gateOnly(false)
                .drainNodes(WORKER)
                .build());

        BackupRequested backup = one(EventType.BACKUP_REQUESTED, name + "-pre-upgrade", BackupRequested.class);
        assertThat(backup.cluster()).isEqualTo("primary");
        assertThat(lab.nodes().withName(WORKER).get().getSpec().getUnschedulable())
                .as("nothing is drained before the backup is taken")
                .isNotEqualTo(Boolean.TRUE);
        events.as(BACKUP_SERVICE)
                .publish(SnapshotTakenBuilder.completed(backup.name(), "primary", Instant.now())
                        .completedAt(Instant.now())
                        .build());

        UpgradeReady ready = one(EventType.UPGRADE_READY, name, UpgradeReady.class);
        assertThat(ready.phase()).as(String.valueOf(ready.reason())).isEqualTo("Ready");
        assertThat(ready.backupName()).isEqualTo(backup.name());
        assertThat(ready.drainedNodes()).containsExactly(WORKER);
        assertThat(ready.currentVersion()).isEqualTo("v1.30.4");
        DrainCompleted drained = one(EventType.DRAIN_COMPLETED, name + "-drain", DrainCompleted.class);
        assertThat(drained.outcome()).isEqualTo(DrainCompleted.Outcome.Drained);
        assertThat(drained.completedAt()).isBeforeOrEqualTo(ready.at());
        assertThat(lab.nodes().withName(WORKER).get().getSpec().getUnschedulable())
                .as("left cordoned for the upgrader")
                .isTrue();

        // verified before the upgrader ran: the versions are not there yet, and the upgrade stays Ready
        verify(name);
        UpgradeVerified notYet = verified(name, 1);
        assertThat(notYet.passed()).isFalse();
        assertThat(notYet.failures())
                .extracting(GateCheckResult::id)
                .contains("control-plane-version", "kubelet-version");
        assertThat(notYet.uncordonedNodes()).isEmpty();

        SandboxClusters.cluster("primary").upgradeTo("v1.31.0");
        asUser("operator") // the same request over HTTP, as a pipeline or a person would send it
                .post("/gates/requests/" + name + "/verify")
                .then()
                .statusCode(202)
                .body("requestedBy", equalTo("/users/operator"));
        UpgradeVerified passed = verified(name, 2);
        assertThat(passed.passed()).as(String.valueOf(passed.failures())).isTrue();
        assertThat(passed.previousVersion()).isEqualTo("v1.30.4");
        assertThat(passed.currentVersion()).isEqualTo("v1.31.0");
        assertThat(passed.checks())
                .extracting(GateCheckResult::id)
                .contains("control-plane-version", "kubelet-version", "workload-available", "node-ready");
        assertThat(passed.uncordonedNodes()).containsExactly(WORKER);
        assertThat(lab.nodes().withName(WORKER).get().getSpec().getUnschedulable())
                .isNotEqualTo(Boolean.TRUE);
        asUser("viewer")
                .get("/gates/requests/" + name)
                .then()
                .statusCode(200)
                .body("phase", equalTo("Verified"))
                .body("backupName", equalTo(backup.name()))
                .body("verified", equalTo(true));
    }

    @Test
    void noGoStopsBeforeAnyBackup() throws Exception {
        String name = unique("loop-nogo");
        events.publish(UpgradeRequestedBuilder.upgradeRequested()
                .name(name)
                .cluster("primary")
                .targetVersion("1.32") // two minors ahead of v1.30: the gate says NO-GO
                .gateOnly(false)
                .drainNodes(WORKER)
                .build());
        assertThat(events.await(
                        EventType.UPGRADE_GATE_FAILED.topic(),
                        r -> name.equals(BusClient.header(r, "ce_subject")),
                        1,
                        TIMEOUT))
                .hasSize(1);

        asUser("viewer")
                .get("/gates/requests/" + name)
                .then()
                .statusCode(200)
                .body("phase", equalTo("Stopped"))
                .body("phaseReason", equalTo("NO-GO: the gate failed, so nothing was backed up or drained"));
        // the backup would have been published with the verdict, in the same transaction: there is none
        assertThat(events.await(
                        EventType.BACKUP_REQUESTED.topic(),
                        r -> (name + "-pre-upgrade").equals(BusClient.header(r, "ce_subject")),
                        1,
                        Duration.ofSeconds(3)))
                .isEmpty();
        assertThat(lab.nodes().withName(WORKER).get().getSpec().getUnschedulable())
                .isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void aFailedPreUpgradeBackupFailsTheUpgradeWithoutDraining() throws Exception {
        String name = unique("loop-nobackup");
        events.publish(UpgradeRequestedBuilder.upgradeRequested()
                .name(name)
                .cluster("primary")
                .targetVersion("1.31")
                .drainNodes(WORKER) // gateOnly absent: the loop goes on, as the contract says
                .build());
        BackupRequested backup = one(EventType.BACKUP_REQUESTED, name + "-pre-upgrade", BackupRequested.class);
        events.as(BACKUP_SERVICE)
                .publish(new BackupFailed(
                        backup.name(), "primary", "storage location unreachable", Instant.now(), Instant.now(), null));

        UpgradeReady failed = one(EventType.UPGRADE_READY, name, UpgradeReady.class);
        assertThat(failed.phase()).isEqualTo("Failed");
        assertThat(failed.reason())
                .isEqualTo("the pre-upgrade backup " + backup.name()
                        + " is Failed (storage location unreachable); the upgrade did not go on (nothing was"
                        + " drained)");
        assertThat(failed.drainedNodes()).isEmpty();
        assertThat(lab.nodes().withName(WORKER).get().getSpec().getUnschedulable())
                .isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void verifyingAnUpgradeNobodyRequestedIsADeadLetterSayingSo() {
        String name = unique("never-upgraded");
        String id = events.publish(new UpgradeVerifyRequested(name, "primary", null))
                .id();

        List<ConsumerRecord<String, String>> dead = events.await(
                EventType.UPGRADE_VERIFY_REQUESTED.deadLetterTopic(),
                r -> id.equals(BusClient.header(r, "ce_id")),
                1,
                TIMEOUT);
        assertThat(dead).hasSize(1);
        assertThat(BusClient.header(dead.get(0), "dead-letter-reason"))
                .contains("no upgrade named '" + name + "' of cluster 'primary'");
        asUser("operator")
                .post("/gates/requests/" + name + "/verify")
                .then()
                .statusCode(404)
                .body("detail", equalTo("upgrade '" + name + "' does not exist (POST /gates requests one)"));
    }

    private void verify(String name) {
        events.publish(new UpgradeVerifyRequested(name, "primary", null));
    }

    /** The {@code nth} UpgradeVerified of the upgrade: answers come in order (one partition per cluster). */
    private UpgradeVerified verified(String name, int nth) throws Exception {
        List<ConsumerRecord<String, String>> answers = events.await(
                EventType.UPGRADE_VERIFIED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), nth, TIMEOUT);
        assertThat(answers).as("UpgradeVerified #" + nth + " for " + name).hasSizeGreaterThanOrEqualTo(nth);
        return codec.parse(EventType.UPGRADE_VERIFIED, answers.get(nth - 1).value());
    }

    private <T> T one(EventType<?> type, String subject, Class<T> as) throws Exception {
        List<ConsumerRecord<String, String>> records =
                events.await(type.topic(), r -> subject.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as(type.ceType() + " for " + subject).hasSize(1);
        return as.cast(codec.parse(type, records.get(0).value()));
    }

    private boolean available(String namespace, String name, int replicas) {
        Deployment d =
                lab.apps().deployments().inNamespace(namespace).withName(name).get();
        return d != null
                && d.getStatus() != null
                && Integer.valueOf(replicas).equals(d.getStatus().getAvailableReplicas());
    }
}
