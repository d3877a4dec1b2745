package io.day2ops.upgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.upgrade.domain.ApiServerDeprecations;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.KubernetesVersion;
import io.day2ops.upgrade.domain.checks.ApiServerDeprecationCheck;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deprecated API use only the API server sees: on a sandbox lab (1.30, FlowSchemas stored), a "controller" that only
 * reads FlowSchemas at v1beta3 and a CRD whose author deprecated v1alpha1 (read by a script) — no stored object shows
 * either. The gate's own read of the cluster must not count as a client of the deprecated versions.
 */
class ApiServerDeprecationsTest {

    private static SandboxCluster lab;

    @BeforeAll
    static void lab() throws java.io.IOException {
        lab = SandboxCluster.start("deprecations", 0, 10, "sandbox/common.yaml", "sandbox/primary.yaml");
        java.nio.file.Path crd = java.nio.file.Files.createTempFile("legacy-crd", ".yaml");
        java.nio.file.Files.writeString(crd, """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.legacy.day2ops.io}
                spec:
                  group: legacy.day2ops.io
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                  - name: v1alpha1
                    served: true
                    storage: false
                    deprecated: true
                    deprecationWarning: legacy.day2ops.io/v1alpha1 Widget is deprecated; use v1
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                  - name: v1
                    served: true
                    storage: true
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                """);
        lab.apply(crd.toString());
    }

    @AfterAll
    static void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theGateReadsClientsThatOnlyReadDeprecatedApisAndItsOwnScanDoesNotCountAsOne() {
        KubernetesClient client = lab.client();
        // the gate's read of the cluster: nothing has requested a deprecated API yet, and its scan lists FlowSchemas at
        // v1 (the replacement), not at v1beta3
        ClusterState first = new ClusterStateReader(false).read(client);
        assertThat(first.apiServerDeprecations().unreadable()).isNull();
        assertThat(first.apiServerDeprecations().requested()).isEmpty();
        assertThat(new ClusterStateReader(false)
                        .read(client)
                        .apiServerDeprecations()
                        .requested())
                .as("a second read after the first scan: the scan itself requested no deprecated version")
                .isEmpty();
        assertThat(first.apiServerDeprecations().crdVersions()).singleElement().satisfies(v -> {
            assertThat(v.crd()).isEqualTo("widgets.legacy.day2ops.io");
            assertThat(v.version()).isEqualTo("v1alpha1");
            assertThat(v.warning()).isEqualTo("legacy.day2ops.io/v1alpha1 Widget is deprecated; use v1");
        });

        // a controller reading FlowSchemas at v1beta3, a script listing Widgets at v1alpha1: nothing written
        try (KubernetesClient controller = clientAs("flow-watcher/0.9")) {
            controller.raw("/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas");
            controller.raw("/apis/legacy.day2ops.io/v1alpha1/namespaces/default/widgets");
        }
        ApiServerDeprecations seen = ApiServerDeprecationsReader.read(client);
        assertThat(seen.requested())
                .extracting(ApiServerDeprecations.Requested::name, ApiServerDeprecations.Requested::removedRelease)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("flowschemas.v1beta3.flowcontrol.apiserver.k8s.io", "1.32"),
                        org.assertj.core.groups.Tuple.tuple("widgets.v1alpha1.legacy.day2ops.io", ""));

        List<GateCheckResult> to131 = ApiServerDeprecationCheck.evaluate(seen, KubernetesVersion.parse("1.31"));
        assertThat(to131)
                .filteredOn(r -> r.id().equals(ApiServerDeprecationCheck.REQUESTED))
                .extracting(GateCheckResult::verdict)
                .containsOnly(Verdict.WARN);
        List<GateCheckResult> to132 = ApiServerDeprecationCheck.evaluate(seen, KubernetesVersion.parse("1.32"));
        assertThat(to132)
                .filteredOn(r -> r.verdict() == Verdict.FAIL)
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.id()).isEqualTo(ApiServerDeprecationCheck.REQUESTED);
                    assertThat(r.message())
                            .isEqualTo("clients requested flowschemas.v1beta3.flowcontrol.apiserver.k8s.io since the"
                                    + " API server started (apiserver_requested_deprecated_apis; reads count, so no"
                                    + " stored object needs to show it), removed in 1.32 (target 1.32)");
                });
        assertThat(to132)
                .filteredOn(r -> r.id().equals(ApiServerDeprecationCheck.CRD_VERSION))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.verdict()).isEqualTo(Verdict.WARN);
                    assertThat(r.message()).endsWith("; clients still request it");
                });
    }

    @Test
    void metricsThatCannotBeReadAreSaidNotFatal() {
        ApiServerDeprecations none =
                new ApiServerDeprecations(List.of(), List.of(), "GET /metrics answered 403: forbidden");
        assertThat(ApiServerDeprecationCheck.evaluate(none, KubernetesVersion.parse("1.31")))
                .filteredOn(r -> r.id().equals(ApiServerDeprecationCheck.REQUESTED))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.verdict()).isEqualTo(Verdict.WARN);
                    assertThat(r.message()).contains("403").contains("not seen");
                });
        assertThat(ApiServerDeprecationsReader.parse("""
                        # TYPE apiserver_requested_deprecated_apis gauge
                        apiserver_requested_deprecated_apis{group="batch",removed_release="1.25",resource="cronjobs",subresource="",version="v1beta1"} 1
                        apiserver_requested_deprecated_apis{group="policy",removed_release="1.25",resource="podsecuritypolicies",subresource="",version="v1beta1"} 0
                        apiserver_request_total{code="200"} 12
                        """))
                .singleElement()
                .satisfies(r -> assertThat(r.name()).isEqualTo("cronjobs.v1beta1.batch"));
    }

    private static KubernetesClient clientAs(String userAgent) {
        Config config = new ConfigBuilder()
                .withMasterUrl(lab.url())
                .withUserAgent(userAgent)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
