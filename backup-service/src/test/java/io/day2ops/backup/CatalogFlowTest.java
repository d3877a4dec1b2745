package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.EventType;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.day2ops.testing.SandboxClusters;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fleet catalogue: every backup indexes what it holds; a find across two clusters and three backups says which
 * hold an object and where it changed; a diff of two backups lists what was added, removed and changed; deleting a
 * backup takes its index with it.
 */
@Day2FlowTest
class CatalogFlowTest {

    @jakarta.inject.Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @InjectBus
    BusClient events;

    @Test
    void findAcrossTwoClustersAndThreeBackupsDetectsTheChangeAndTheDiffNamesIt() {
        KubernetesClient primary = SandboxClusters.cluster("primary").client();
        KubernetesClient standby = SandboxClusters.cluster("standby").client();
        String added = unique("catalog-added");
        String first = backUp("primary");
        try {
            primary.configMaps()
                    .inNamespace("default")
                    .withName("critical-app-config")
                    .edit(cm -> {
                        cm.getData().put("LOG_LEVEL", "debug");
                        return cm;
                    });
            primary.configMaps()
                    .inNamespace("default")
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(added)
                            .endMetadata()
                            .addToData("a", "b")
                            .build())
                    .create();
            String second = backUp("primary");
            standby.configMaps()
                    .inNamespace("default")
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("critical-app-config")
                            .endMetadata()
                            .addToData("LOG_LEVEL", "info")
                            .build())
                    .createOr(existing -> existing.update());
            String third = backUp("standby");
            Set<String> ours = Set.of(first, second, third);

            JsonNode found = Json.tree(asUser("viewer")
                    .get("/catalog/objects?kind=cm&namespace=default&name=critical-app-config")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            List<String> seen = new ArrayList<>();
            for (JsonNode object : found) {
                assertThat(object.path("kind").asText()).isEqualTo("ConfigMap");
                for (JsonNode held : object.path("backups")) {
                    if (ours.contains(held.path("backup").asText())) {
                        seen.add(object.path("cluster").asText() + " "
                                + held.path("backup").asText() + " changed="
                                + held.path("changed").asBoolean());
                    }
                }
            }
            assertThat(seen)
                    .as(found.toPrettyString())
                    .containsExactlyInAnyOrder(
                            "primary " + first + " changed=" + changedFlagOf(found, "primary", first),
                            "primary " + second + " changed=true",
                            "standby " + third + " changed=" + changedFlagOf(found, "standby", third));

            JsonNode diff = Json.tree(asUser("viewer")
                    .get("/backups/" + first + "/diff/" + second)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            assertThat(diff.path("changed").findValuesAsText("name")).containsExactly("critical-app-config");
            assertThat(diff.path("added").findValuesAsText("name")).containsExactly(added);
            assertThat(diff.path("removed")).isEmpty();
            asUser("viewer")
                    .get("/backups/no-such-backup/diff/" + second)
                    .then()
                    .statusCode(404)
                    .body("detail", containsString("backup 'no-such-backup' does not exist"));
            asUser("viewer")
                    .get("/catalog/objects?kind=cm")
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("name"));

            // what the catalogue cost, per step, for operators (and the benchmark's attribution)
            String metrics = asUser("admin")
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(metrics)
                    .containsPattern("day2_backup_catalog_index_seconds_count\\{step=\"hash\"} [1-9]")
                    .containsPattern("day2_backup_catalog_index_seconds_count\\{step=\"write\"} [1-9]");

            long firstId = pool.preparedQuery("SELECT id FROM backup WHERE name = $1")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(first))
                    .await()
                    .atMost(TIMEOUT)
                    .iterator()
                    .next()
                    .getLong(0);
            asUser("admin").delete("/backups/" + first).then().statusCode(204);
            await().atMost(TIMEOUT)
                    .untilAsserted(() -> assertThat(
                                    pool.preparedQuery("SELECT count(*) FROM backup_object WHERE backup_id = $1")
                                            .execute(io.vertx.mutiny.sqlclient.Tuple.of(firstId))
                                            .await()
                                            .atMost(TIMEOUT)
                                            .iterator()
                                            .next()
                                            .getLong(0))
                            .as("a deleted backup's rows are deleted with it, not only hidden")
                            .isZero());
            await().atMost(TIMEOUT)
                    .untilAsserted(() -> assertThat(asUser("viewer")
                                    .get("/catalog/objects?name=critical-app-config&cluster=primary")
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .asString())
                            .as("a deleted backup's index goes with it")
                            .doesNotContain("\"" + first + "\"")
                            .contains("\"" + second + "\""));
        } finally {
            primary.configMaps()
                    .inNamespace("default")
                    .withName("critical-app-config")
                    .edit(cm -> {
                        cm.getData().put("LOG_LEVEL", "info");
                        return cm;
                    });
            primary.configMaps().inNamespace("default").withName(added).delete();
        }
    }

    @Test
    void aBackupLargerThanOneChunkIsCataloguedWhileCapturedExactlyOnce() throws Exception {
        // 2,500 rows are written during capture (their own statements), the rest in the completion's transaction
        KubernetesClient primary = SandboxClusters.cluster("primary").client();
        String namespace = unique("catalog-large");
        int objects = io.day2ops.backup.capture.ObjectIndex.CHUNK + 150;
        CatalogBenchmarks.fill(namespace, objects);
        int listed =
                primary.configMaps().inNamespace(namespace).list().getItems().size();
        String name = backUp("primary", namespace);
        assertThat(asUser("viewer").get("/backups/" + name + "/logs").asString())
                .contains("catalogue: " + listed + " objects indexed, " + io.day2ops.backup.capture.ObjectIndex.CHUNK
                        + " of them written while capturing")
                .doesNotContain("failed");
        var counted = pool.preparedQuery("SELECT count(*), count(DISTINCT o.name), count(*) FILTER (WHERE o.kind ="
                        + " 'ConfigMap' AND o.resource = 'configmaps' AND o.namespace = $2 AND o.resource_version IS NOT"
                        + " NULL AND length(o.content_sha256) = 32) FROM backup_object o JOIN backup b ON b.id ="
                        + " o.backup_id WHERE b.name = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(name, namespace))
                .await()
                .atMost(TIMEOUT)
                .iterator()
                .next();
        assertThat(counted.getLong(2)).as("every column as captured").isEqualTo(listed);
        assertThat(listed).isGreaterThanOrEqualTo(objects);
        assertThat(counted.getLong(0)).as("every object once").isEqualTo(listed);
        assertThat(counted.getLong(1)).isEqualTo(listed);
        assertThat(asUser("viewer")
                        .get("/catalog/objects?kind=cm&namespace=" + namespace + "&name=cm-" + (objects - 1))
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("\"" + name + "\"");
        assertThat(asUser("viewer")
                        .get("/catalog/objects?kind=cm&namespace=" + namespace + "&name=cm-0")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("\"" + name + "\"");
        primary.namespaces().withName(namespace).delete();
    }

    @jakarta.inject.Inject
    io.day2ops.backup.repository.ObjectCatalog catalog;

    @Test
    void atCompletionRowsThatAreNotWhatTheCaptureWroteAreReplaced() throws Throwable {
        String name = unique("catalog-mismatch");
        long id = pool.preparedQuery("INSERT INTO backup (name, cluster, phase, request, request_event_id, created_at)"
                        + " VALUES ($1, 'primary', 'InProgress', '{}', $1, now()) RETURNING id")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(name))
                .await()
                .atMost(TIMEOUT)
                .iterator()
                .next()
                .getLong(0);
        List<io.day2ops.backup.capture.ObjectIndex.Entry> entries = List.of(
                new io.day2ops.backup.capture.ObjectIndex.Entry("configmaps", "ConfigMap", "a", "x", "1", "aa"),
                new io.day2ops.backup.capture.ObjectIndex.Entry("configmaps", "ConfigMap", "a", "y", "2", null),
                new io.day2ops.backup.capture.ObjectIndex.Entry("namespaces", "Namespace", "", "a", "3", "bb"));
        // the capture says two are written, but the table has none of them (another attempt deleted them, say)
        index(id, new io.day2ops.backup.capture.ObjectIndex.Indexed(entries, 2, java.time.Duration.ZERO, null));
        assertThat(rows(id)).containsExactlyInAnyOrder("a/x=1", "a/y=2", "/a=3");
        // a write during capture failed: whatever is there (a stale row) is replaced by exactly the entries
        pool.preparedQuery("INSERT INTO backup_object (backup_id, resource, kind, namespace, name) VALUES ($1,"
                        + " 'configmaps', 'ConfigMap', 'a', 'stale')")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id))
                .await()
                .atMost(TIMEOUT);
        index(id, new io.day2ops.backup.capture.ObjectIndex.Indexed(entries, 3, java.time.Duration.ZERO, "down"));
        assertThat(rows(id)).containsExactlyInAnyOrder("a/x=1", "a/y=2", "/a=3");
        // all written during capture: nothing more, nothing twice
        index(id, new io.day2ops.backup.capture.ObjectIndex.Indexed(entries, 3, java.time.Duration.ZERO, null));
        assertThat(rows(id)).containsExactlyInAnyOrder("a/x=1", "a/y=2", "/a=3");
    }

    private void index(long id, io.day2ops.backup.capture.ObjectIndex.Indexed indexed) throws Throwable {
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
                () -> io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> catalog.index(id, indexed)));
    }

    private List<String> rows(long id) {
        List<String> rows = new ArrayList<>();
        pool.preparedQuery("SELECT namespace, name, resource_version FROM backup_object WHERE backup_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id))
                .await()
                .atMost(TIMEOUT)
                .forEach(row -> rows.add(row.getString(0) + "/" + row.getString(1) + "=" + row.getString(2)));
        return rows;
    }

    /** The changed flag the catalogue gave a backup: it depends on backups other tests took before it, so read it. */
    private static boolean changedFlagOf(JsonNode found, String cluster, String backup) {
        for (JsonNode object : found) {
            if (object.path("cluster").asText().equals(cluster)) {
                for (JsonNode held : object.path("backups")) {
                    if (held.path("backup").asText().equals(backup)) {
                        return held.path("changed").asBoolean();
                    }
                }
            }
        }
        throw new AssertionError(backup + " not found in " + found);
    }

    private String backUp(String cluster) {
        return backUp(cluster, "default");
    }

    /** A backup of the ConfigMaps of one namespace, to its SnapshotTaken. */
    private String backUp(String cluster, String namespace) {
        String name = unique("catalog");
        events.publish(BackupRequestedBuilder.backupRequested()
                .name(name)
                .cluster(cluster)
                .includedNamespaces(List.of(namespace))
                .includedResources(List.of("configmaps"))
                .build());
        assertThat(events.await(
                        EventType.SNAPSHOT_TAKEN.topic(),
                        r -> name.equals(BusClient.header(r, "ce_subject")),
                        1,
                        TIMEOUT))
                .hasSize(1);
        return name;
    }
}
