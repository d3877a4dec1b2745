package io.day2ops.backup.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.capture.BackupScope.Cluster;
import io.day2ops.backup.domain.ApiResource;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.LabelSelector;
import io.day2ops.events.fixtures.BackupRequestedBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scenarios of Velero's design for its scoped resource filters, and its two kinds of label selector. */
class BackupScopeTest {

    private static final ApiResource PODS = resource("", "pods", "Pod", true, "po");
    private static final ApiResource INGRESSES = resource("networking.k8s.io", "ingresses", "Ingress", true, "ing");
    private static final ApiResource STORAGE_CLASSES =
            resource("storage.k8s.io", "storageclasses", "StorageClass", false, "sc");
    private static final ApiResource VOLUMES = resource("", "persistentvolumes", "PersistentVolume", false, "pv");

    @Test
    void withoutScopedFiltersTheOlderOnesDecideAsBefore() {
        BackupScope everything = scope(builder());
        assertThat(everything.cluster(STORAGE_CLASSES))
                .as("all namespaces: all cluster-scoped")
                .isEqualTo(Cluster.ALL);

        BackupScope some = scope(builder().includedNamespaces("default"));
        assertThat(some.cluster(STORAGE_CLASSES)).isEqualTo(Cluster.RELATED);

        BackupScope none = scope(builder().includeClusterResources(false));
        assertThat(none.cluster(VOLUMES)).isEqualTo(Cluster.NONE);

        BackupScope named = scope(builder().includedNamespaces("default").includedResources(List.of("pods", "sc")));
        assertThat(named.cluster(STORAGE_CLASSES)).isEqualTo(Cluster.ALL);
        assertThat(named.includes(INGRESSES)).isFalse();
    }

    @Test
    void noNamespacedResourcesAndSomeClusterScopedOnes() {
        BackupScope scope =
                scope(builder().excludedNamespaceScopedResources("*").includedClusterScopedResources("storageclass"));

        assertThat(scope.includes(PODS)).isFalse();
        assertThat(scope.includes(STORAGE_CLASSES)).isTrue();
        assertThat(scope.cluster(STORAGE_CLASSES)).isEqualTo(Cluster.ALL);
        assertThat(scope.cluster(VOLUMES)).isEqualTo(Cluster.RELATED);
    }

    @Test
    void allButOneNamespacedResourceAndNoClusterScopedOnesNotEvenRelated() {
        BackupScope scope =
                scope(builder().excludedNamespaceScopedResources("ingress").excludedClusterScopedResources("*"));

        assertThat(scope.includes(PODS)).isTrue();
        assertThat(scope.includes(INGRESSES)).isFalse();
        assertThat(scope.includes(VOLUMES)).isFalse();
        assertThat(scope.cluster(VOLUMES)).isEqualTo(Cluster.NONE);
    }

    @Test
    void allNamespacesWithScopedFiltersTakeOnlyRelatedClusterScopedObjectsUnlessTold() {
        assertThat(scope(builder().includedNamespaceScopedResources("pods")).cluster(VOLUMES))
                .as("unlike the older filters, all namespaces alone do not take all cluster-scoped objects")
                .isEqualTo(Cluster.RELATED);
        assertThat(scope(builder().includedNamespaceScopedResources("pods")).includes(INGRESSES))
                .isFalse();
        assertThat(scope(builder().includedClusterScopedResources("*")).cluster(VOLUMES))
                .isEqualTo(Cluster.ALL);
    }

    @Test
    void onlyClusterScopedExclusionsMeanAllTheOthers() {
        BackupScope scope = scope(builder().includedNamespaces("default").excludedClusterScopedResources("sc"));

        assertThat(scope.cluster(STORAGE_CLASSES)).isEqualTo(Cluster.NONE);
        assertThat(scope.cluster(VOLUMES)).isEqualTo(Cluster.ALL);
    }

    @Test
    void exclusionsWinOverInclusions() {
        BackupScope scope = scope(builder()
                .includedClusterScopedResources("*")
                .excludedClusterScopedResources("persistentvolumes")
                .includedNamespaceScopedResources("*")
                .excludedNamespaceScopedResources("po"));

        assertThat(scope.cluster(VOLUMES)).isEqualTo(Cluster.NONE);
        assertThat(scope.cluster(STORAGE_CLASSES)).isEqualTo(Cluster.ALL);
        assertThat(scope.includes(PODS)).isFalse();
        assertThat(scope.includes(INGRESSES)).isTrue();
    }

    @Test
    void orLabelSelectorsSelectObjectsMatchingAnyOfThemAndAreCheckedOnOurSide() {
        BackupScope scope = scope(builder()
                .orLabelSelectors(List.of(
                        new LabelSelector(Map.of("app", "web"), List.of()),
                        new LabelSelector(Map.of("app", "api"), List.of()))));

        assertThat(scope.selects(labelled(Map.of("app", "web")))).isTrue();
        assertThat(scope.selects(labelled(Map.of("app", "api", "tier", "x")))).isTrue();
        assertThat(scope.selects(labelled(Map.of("app", "db")))).isFalse();
        assertThat(scope.selects(labelled(Map.of()))).isFalse();
        assertThat(scope.serverQuery()).as("one query cannot say 'or'").isNull();

        BackupScope one = scope(builder().labelSelector(new LabelSelector(Map.of("app", "web"), List.of())));
        assertThat(one.serverQuery()).isEqualTo("app=web");
        assertThat(one.selects(labelled(Map.of("app", "api")))).isFalse();
    }

    private static BackupRequestedBuilder builder() {
        return BackupRequestedBuilder.backupRequested().name("b").cluster("primary");
    }

    private static BackupScope scope(BackupRequestedBuilder builder) {
        BackupRequested request = builder.build();
        return new BackupScope(request);
    }

    private static JsonNode labelled(Map<String, String> labels) {
        return Json.MAPPER.valueToTree(Map.of("metadata", Map.of("name", "x", "labels", labels)));
    }

    private static ApiResource resource(
            String group, String plural, String kind, boolean namespaced, String shortName) {
        return new ApiResource(group, "v1", plural, kind, namespaced, List.of(shortName), List.of("get", "list"));
    }
}
