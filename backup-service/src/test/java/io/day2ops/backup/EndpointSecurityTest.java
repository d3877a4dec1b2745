package io.day2ops.backup;

import static io.day2ops.testing.EndpointMatrix.admin;
import static io.day2ops.testing.EndpointMatrix.operator;
import static io.day2ops.testing.EndpointMatrix.viewer;
import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.testing.Api;
import io.day2ops.testing.ClusterLoss;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.EndpointMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may call what on backup-service, with tokens from the real issuer: every endpoint it serves refuses callers without a
 * valid token for day2ops (401) and callers without its role (403), both as problem+json naming the role, and lets
 * its role and the ones above through.
 */
@Day2FlowTest
class EndpointSecurityTest {

    @io.day2ops.testing.InjectBus
    io.day2ops.testing.BusClient events;

    @Test
    void everyEndpointLetsThroughExactlyTheRolesItDeclares() {
        assertThat(EndpointMatrix.violations(List.of(
                        viewer("GET", "/clusters"),
                        viewer("GET", "/outbox"),
                        admin("POST", "/outbox/parked/{seq}/retry"),
                        admin("POST", "/outbox/parked/{seq}/discard"),
                        operator("POST", "/backups"),
                        operator("POST", "/restores"),
                        viewer("GET", "/backups"),
                        viewer("GET", "/backups/{name}"),
                        viewer("GET", "/backups/{from}/diff/{to}"),
                        viewer("GET", "/catalog/objects"),
                        viewer("GET", "/backups/{name}/logs"),
                        operator("POST", "/backups/{name}/cancel"),
                        admin("GET", "/backups/{name}/etcd-snapshot"),
                        admin("GET", "/backups/{name}/download"),
                        admin("DELETE", "/backups/{name}"),
                        admin("GET", "/keys"),
                        admin("POST", "/keys/rewrap"),
                        viewer("GET", "/restores"),
                        viewer("GET", "/restores/{name}"),
                        viewer("GET", "/restores/{name}/items"),
                        viewer("GET", "/restores/{name}/logs"),
                        viewer("GET", "/restores/{name}/diff"),
                        operator("POST", "/restores/{name}/cancel"))))
                .isEmpty();
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        assertThat(Api.anonymous().get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(Api.anonymous().get("/q/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void aLostClusterIsDataNotReadinessAndOnlyItsOwnBackupsFail() {
        ClusterLoss.assertReadyAndReported("unreachable", "primary");

        String lost = io.day2ops.testing.Flow.unique("lost");
        String alive = io.day2ops.testing.Flow.unique("alive");
        events.publish(
                io.day2ops.events.BackupRequested.builder(lost, "unreachable").build());
        events.publish(
                io.day2ops.events.BackupRequested.builder(alive, "standby").build());
        var failed = events.await(
                io.day2ops.events.EventType.BACKUP_FAILED.topic(),
                r -> lost.equals(io.day2ops.testing.BusClient.header(r, "ce_subject")),
                1,
                io.day2ops.testing.Flow.TIMEOUT);
        assertThat(failed).singleElement().satisfies(r -> assertThat(r.value()).contains("cluster unreachable"));
        var taken = events.await(
                io.day2ops.events.EventType.SNAPSHOT_TAKEN.topic(),
                r -> alive.equals(io.day2ops.testing.BusClient.header(r, "ce_subject")),
                1,
                io.day2ops.testing.Flow.TIMEOUT);
        assertThat(taken).singleElement().satisfies(r -> assertThat(r.value()).contains("\"phase\":\"Completed\""));
    }
}
