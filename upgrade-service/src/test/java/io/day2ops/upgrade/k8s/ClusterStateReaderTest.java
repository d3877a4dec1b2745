package io.day2ops.upgrade.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.foundation.clusters.ClustersConfig;
import io.day2ops.foundation.clusters.EtcdHealth;
import io.day2ops.upgrade.GateContexts;
import io.day2ops.upgrade.HelmReleases;
import io.day2ops.upgrade.domain.ApiUse;
import io.day2ops.upgrade.domain.checks.EtcdHealthCheck;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where deprecated apiVersions are found, and etcd health against an endpoint where nothing answers. */
class ClusterStateReaderTest {

    private final ClusterStateReader reader = new ClusterStateReader();

    @Test
    void aDeployedHelmReleaseIsDecodedAndItsManifestsScanned() {
        Secret release = HelmReleases.release("shop", "prod", 4, "deployed", """
                apiVersion: batch/v1beta1
                kind: CronJob
                metadata: {name: nightly-report}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: prod}
                """);
        List<ApiUse> uses = new ArrayList<>();

        int documents = reader.helmUses(release, uses);

        assertThat(documents).isEqualTo(2);
        assertThat(uses).hasSize(1);
        assertThat(uses.get(0).apiVersion()).isEqualTo("batch/v1beta1");
        assertThat(uses.get(0).object().namespace())
                .as("the release's namespace")
                .isEqualTo("prod");
        assertThat(uses.get(0).object().name()).isEqualTo("nightly-report");
        assertThat(uses.get(0).source()).isEqualTo("helm release shop revision 4");
    }

    @Test
    void aCorruptHelmReleaseIsReportedNotSkipped() {
        Secret release = HelmReleases.release("shop", "prod", 1, "deployed", "");
        release.getData().put("release", "bm90IGd6aXA=");
        List<ApiUse> uses = new ArrayList<>();

        reader.helmUses(release, uses);

        assertThat(uses)
                .singleElement()
                .satisfies(use -> assertThat(use.source()).startsWith("unreadable release"));
    }

    @Test
    void lastAppliedConfigurationAndManagedFieldsShowTheVersionAnObjectWasWrittenWith() {
        var pdb = new PodDisruptionBudgetBuilder()
                .withApiVersion("policy/v1")
                .withKind("PodDisruptionBudget")
                .withNewMetadata()
                .withName("web")
                .withNamespace("shop")
                .withAnnotations(Map.of(
                        ClusterStateReader.LAST_APPLIED,
                        "{\"apiVersion\":\"policy/v1beta1\",\"kind\":\"PodDisruptionBudget\"}"))
                .withManagedFields(
                        new ManagedFieldsEntryBuilder()
                                .withManager("kubectl-client-side-apply")
                                .withApiVersion("policy/v1beta1")
                                .build(),
                        new ManagedFieldsEntryBuilder()
                                .withManager("kube-controller-manager")
                                .withApiVersion("policy/v1")
                                .build())
                .endMetadata()
                .build();
        ConfigMap plain = new ConfigMapBuilder()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withNewMetadata()
                .withName("x")
                .endMetadata()
                .build();

        assertThat(reader.usesOf(pdb))
                .extracting(ApiUse::source)
                .containsExactly("last-applied-configuration", "managedFields (kubectl-client-side-apply)");
        assertThat(reader.usesOf(plain)).isEmpty();
    }

    @Test
    void anEtcdEndpointThatDoesNotAnswerFailsTheEtcdCheckNamingIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;

        List<GateCheckResult> results = new EtcdHealthCheck()
                .evaluate(
                        GateContexts.with(GateContexts.emptyState("v1.30.4"), null, EtcdHealth.check(etcd(endpoint))));

        assertThat(results).isNotEmpty().allSatisfy(r -> {
            assertThat(r.id()).isEqualTo(EtcdHealthCheck.ID);
            assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        });
        assertThat(results.get(0).message()).contains(endpoint);
    }

    private static ClustersConfig.Etcd etcd(String endpoint) {
        return new ClustersConfig.Etcd() {
            @Override
            public Optional<List<String>> endpoints() {
                return Optional.of(List.of(endpoint));
            }

            @Override
            public Optional<String> caFile() {
                return Optional.empty();
            }

            @Override
            public Optional<String> certFile() {
                return Optional.empty();
            }

            @Override
            public Optional<String> keyFile() {
                return Optional.empty();
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration snapshotTimeout() {
                return Duration.ofMinutes(10);
            }
        };
    }

    @Test
    void withHelmReleasesOffNoSecretIsReadAndTheReportSaysSo() {
        try (io.day2ops.sandbox.SandboxCluster cluster =
                io.day2ops.sandbox.SandboxCluster.start("no-helm", 0, 10, "sandbox/common.yaml")) {
            cluster.client()
                    .secrets()
                    .inNamespace("default")
                    .resource(HelmReleases.release("shop", "default", 1, "deployed", """
                            apiVersion: batch/v1beta1
                            kind: CronJob
                            metadata: {name: nightly-report}
                            """))
                    .create();

            var off = new ClusterStateReader(false).read(cluster.client());
            var on = new ClusterStateReader(true).read(cluster.client());

            assertThat(off.apiScan()).contains("Helm releases (not read: day2.upgrade.helm-releases=false");
            assertThat(off.apiUses()).noneMatch(use -> use.source().startsWith("helm release"));
            assertThat(on.apiScan()).contains("1 deployed Helm releases");
            assertThat(on.apiUses()).anyMatch(use -> use.source().startsWith("helm release shop"));
        }
    }
}
