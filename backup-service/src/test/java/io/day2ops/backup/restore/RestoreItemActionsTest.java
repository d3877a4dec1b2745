package io.day2ops.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.ItemActions;
import io.day2ops.backup.domain.Json;
import io.day2ops.events.RestoreRequested;
import io.day2ops.events.fixtures.RestoreRequestedBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind's restore behaviour, run as a restore runs it: sanitize, then every action that applies, in order. */
class RestoreItemActionsTest {

    private static final RestoreItemActions ACTIONS = new RestoreItemActions(ItemActions.restore());

    @Test
    void everyObjectLosesServerFieldsAndStatusAndFollowsTheNamespaceMapping() {
        ObjectNode configMap = json("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"shop",
                 "uid":"1","resourceVersion":"7","creationTimestamp":"2026-01-01T00:00:00Z","managedFields":[{}],
                 "ownerReferences":[{"kind":"X"}],"labels":{"app":"shop"},
                 "annotations":{"deployment.kubernetes.io/revision":"3"}},"data":{"a":"b"},"status":{}}""");

        Outcome outcome = restore("configmaps", configMap, "shop", request(Map.of("shop", "shop-drill"), null, null));

        assertThat(outcome.skip()).isNull();
        assertThat(outcome.desired()).isEqualTo(json("""
                        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"shop-drill",
                         "labels":{"app":"shop"}},"data":{"a":"b"}}"""));
    }

    @Test
    void aServiceGetsNewClusterIpsAndNodePortsUnlessAskedToKeepThem() {
        ObjectNode service = json("""
                {"kind":"Service","metadata":{"name":"web","namespace":"shop"},
                 "spec":{"clusterIP":"10.0.0.7","clusterIPs":["10.0.0.7"],"healthCheckNodePort":31000,
                 "ports":[{"port":80,"nodePort":30080}]}}""");

        JsonNode fresh =
                restore("services", service, "shop", request(null, null, null)).desired();
        JsonNode kept =
                restore("services", service, "shop", request(null, true, null)).desired();

        assertThat(fresh.path("spec").has("clusterIP")).isFalse();
        assertThat(fresh.path("spec").has("healthCheckNodePort")).isFalse();
        assertThat(fresh.path("spec").path("ports").get(0).has("nodePort")).isFalse();
        assertThat(kept.path("spec").path("ports").get(0).path("nodePort").asInt())
                .isEqualTo(30080);
    }

    @Test
    void aHeadlessServiceStaysHeadless() {
        ObjectNode service = json("{\"kind\":\"Service\",\"metadata\":{\"name\":\"db\",\"namespace\":\"shop\"},"
                + "\"spec\":{\"clusterIP\":\"None\"}}");

        assertThat(restore("services", service, "shop", request(null, null, null))
                        .desired()
                        .path("spec")
                        .path("clusterIP")
                        .asText())
                .isEqualTo("None");
    }

    @Test
    void aNamespaceIsCreatedUnderItsMappedNameWithoutSpec() {
        ObjectNode namespace = json(
                "{\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\"},\"spec\":{\"finalizers\":[\"kubernetes\"]}}");

        JsonNode desired = restore("namespaces", namespace, null, request(Map.of("shop", "shop-drill"), null, null))
                .desired();

        assertThat(desired.path("metadata").path("name").asText()).isEqualTo("shop-drill");
        assertThat(desired.has("spec")).isFalse();
    }

    @Test
    void roleBindingSubjectsFollowTheNamespaceMapping() {
        ObjectNode binding = json("""
                {"kind":"RoleBinding","metadata":{"name":"read","namespace":"shop"},
                 "subjects":[{"kind":"ServiceAccount","name":"app","namespace":"shop"},{"kind":"Group","name":"ops"}]}""");

        JsonNode desired = restore(
                        "rolebindings.rbac.authorization.k8s.io",
                        binding,
                        "shop",
                        request(Map.of("shop", "shop-drill"), null, null))
                .desired();

        assertThat(desired.path("subjects").get(0).path("namespace").asText()).isEqualTo("shop-drill");
        assertThat(desired.path("subjects").get(1).has("namespace")).isFalse();
    }

    @Test
    void aJobLosesItsSelectorAndControllerLabels() {
        ObjectNode job = json("""
                {"kind":"Job","metadata":{"name":"migrate","namespace":"shop"},
                 "spec":{"selector":{"matchLabels":{"controller-uid":"u"}},
                 "template":{"metadata":{"labels":{"controller-uid":"u","job-name":"migrate","app":"shop"}}}}}""");

        JsonNode desired =
                restore("jobs.batch", job, "shop", request(null, null, null)).desired();

        assertThat(desired.path("spec").has("selector")).isFalse();
        assertThat(desired.path("spec").path("template").path("metadata").path("labels"))
                .isEqualTo(json("{\"app\":\"shop\"}"));
    }

    @Test
    void claimsAreProvisionedAnewAndFollowTheStorageClassMapping() {
        ObjectNode claim = json("""
                {"kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"shop"},
                 "spec":{"volumeName":"pv-1","storageClassName":"gp2"}}""");

        JsonNode desired = restore(
                        "persistentvolumeclaims", claim, "shop", request(null, null, Map.of("gp2", "premium")))
                .desired();

        assertThat(desired.path("spec").has("volumeName")).isFalse();
        assertThat(desired.path("spec").path("storageClassName").asText()).isEqualTo("premium");
    }

    @Test
    void aHorizontalPodAutoscalerLosesTheSourceClustersMeasurementsButKeepsItsMetrics() {
        ObjectNode hpa = json("""
                {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler",
                 "metadata":{"name":"web","namespace":"shop","annotations":{
                   "autoscaling.alpha.kubernetes.io/conditions":"[{\\"type\\":\\"AbleToScale\\"}]",
                   "autoscaling.alpha.kubernetes.io/current-metrics":"[]",
                   "autoscaling.alpha.kubernetes.io/metrics":"[{\\"type\\":\\"Resource\\"}]"}},
                 "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":5}}""");

        JsonNode desired = restore("horizontalpodautoscalers.autoscaling", hpa, "shop", request(null, null, null))
                .desired();

        assertThat(desired.path("metadata").path("annotations"))
                .isEqualTo(json("{\"autoscaling.alpha.kubernetes.io/metrics\":\"[{\\\"type\\\":\\\"Resource\\\"}]\"}"));
        assertThat(desired.path("spec").path("maxReplicas").asInt()).isEqualTo(5);
    }

    @Test
    void controllerOwnedPodsTokensAndVolumesAreSkippedWithTheReason() {
        ObjectNode owned = json("""
                {"kind":"Pod","metadata":{"name":"web-1","namespace":"shop",
                 "ownerReferences":[{"kind":"ReplicaSet","name":"web","controller":true}]},"spec":{"nodeName":"n1"}}""");
        ObjectNode bare = json(
                "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"debug\",\"namespace\":\"shop\"},\"spec\":{\"nodeName\":\"n1\"}}");
        ObjectNode token = json("{\"kind\":\"Secret\",\"metadata\":{\"name\":\"t\",\"namespace\":\"shop\"},"
                + "\"type\":\"kubernetes.io/service-account-token\"}");
        ObjectNode volume = json("{\"kind\":\"PersistentVolume\",\"metadata\":{\"name\":\"pv-1\"}}");
        RestoreRequested request = request(null, null, null);

        assertThat(restore("pods", owned, "shop", request).skip())
                .isEqualTo("owned by a controller, which recreates it");
        assertThat(restore("secrets", token, "shop", request).skip()).startsWith("a service account token");
        assertThat(restore("persistentvolumes", volume, null, request).skip())
                .startsWith("a PersistentVolume is not restored");
        Outcome pod = restore("pods", bare, "shop", request);
        assertThat(pod.skip()).isNull();
        assertThat(pod.desired().path("spec").has("nodeName")).isFalse();
    }

    private record Outcome(ObjectNode desired, String skip) {}

    /** What {@link RestoreRunner} does with one object before creating it. */
    private static Outcome restore(String resource, ObjectNode backedUp, String namespace, RestoreRequested request) {
        RestoreContext context = new RestoreContext(request, null, true, List.of(), null);
        RestoreItemActions.Prepared prepared = ACTIONS.prepare(resource, backedUp, namespace, context);
        return new Outcome(prepared.item().desired(), prepared.skipReason());
    }

    private static RestoreRequested request(
            Map<String, String> namespaceMapping, Boolean preserveNodePorts, Map<String, String> storageClassMapping) {
        return RestoreRequestedBuilder.restoreRequested()
                .name("r")
                .cluster("primary")
                .backupName("b")
                .namespaceMapping(namespaceMapping)
                .dryRun(true)
                .preserveNodePorts(preserveNodePorts)
                .storageClassMapping(storageClassMapping)
                .build();
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
