package io.day2ops.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.GateCheckResult;
import io.day2ops.events.GateCheckResult.Verdict;
import io.day2ops.events.ResourceRef;
import io.day2ops.upgrade.domain.ApiUse;
import io.day2ops.upgrade.domain.ClusterState;
import io.day2ops.upgrade.domain.DeprecatedApis;
import io.day2ops.upgrade.domain.KubernetesVersion;
import io.day2ops.upgrade.domain.checks.BackupFreshnessCheck;
import io.day2ops.upgrade.domain.checks.ClaimsBoundCheck;
import io.day2ops.upgrade.domain.checks.DisruptionReadinessCheck;
import io.day2ops.upgrade.domain.checks.KubeSystemPodsCheck;
import io.day2ops.upgrade.domain.checks.NodeReadyCheck;
import io.day2ops.upgrade.domain.checks.RemovedApiCheck;
import io.day2ops.upgrade.domain.checks.VersionSkewCheck;
import io.day2ops.upgrade.domain.checks.VolumesHealthyCheck;
import io.day2ops.upgrade.domain.checks.WorkloadAvailabilityCheck;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each gate check on hand-made cluster states: what FAILs, what WARNs, and the resource it names. */
class GateChecksTest {

    private static final DeprecatedApis DATA = DeprecatedApis.load();
    private static final KubernetesVersion V131 = KubernetesVersion.parse("1.31");

    @Test
    void theDataFileCoversEveryRemovalFrom116AndKnowsWhereItEnds() {
        assertThat(DATA.entries())
                .extracting(e -> e.removedIn() == null ? "-" : e.removedIn().toString())
                .contains("1.16", "1.22", "1.25", "1.26", "1.27", "1.29", "1.32");
        assertThat(DATA.find("policy/v1beta1", "PodDisruptionBudget")
                        .orElseThrow()
                        .replacement())
                .isEqualTo("policy/v1");
        assertThat(DATA.find("policy/v1", "PodDisruptionBudget")).isEmpty();
        assertThat(DATA.knownThrough()).isEqualTo(KubernetesVersion.parse("1.34"));
    }

    @Test
    void aRemovedApiFailsNamingTheObjectAndEveryPlaceItWasSeenAndADeprecatedOneWarns() {
        ResourceRef hpa = new ResourceRef("autoscaling/v2", "HorizontalPodAutoscaler", "shop", "web");
        ResourceRef flow = new ResourceRef("flowcontrol.apiserver.k8s.io/v1", "FlowSchema", null, "tenant-a");
        List<ApiUse> uses = List.of(
                new ApiUse("autoscaling/v2beta2", "HorizontalPodAutoscaler", hpa, "last-applied-configuration"),
                new ApiUse("autoscaling/v2beta2", "HorizontalPodAutoscaler", hpa, "managedFields (helm)"),
                new ApiUse("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", flow, "served"));

        List<GateCheckResult> results = RemovedApiCheck.evaluate(uses, DATA, V131, "test");

        GateCheckResult removed = only(results, RemovedApiCheck.REMOVED);
        assertThat(removed.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(removed.resource())
                .isEqualTo(new ResourceRef("autoscaling/v2beta2", "HorizontalPodAutoscaler", "shop", "web"));
        assertThat(removed.message()).contains("removed in 1.26", "last-applied-configuration, managedFields (helm)");
        assertThat(removed.remediation()).contains("autoscaling/v2");
        GateCheckResult deprecated = only(results, RemovedApiCheck.DEPRECATED);
        assertThat(deprecated.verdict()).isEqualTo(Verdict.WARN);
        assertThat(deprecated.message()).contains("FlowSchema tenant-a", "removed in 1.32");

        // the same FlowSchema blocks an upgrade to 1.32, and a release the data does not cover is warned about
        assertThat(RemovedApiCheck.evaluate(uses, DATA, KubernetesVersion.parse("1.32"), "test"))
                .filteredOn(r -> r.verdict() == Verdict.FAIL)
                .hasSize(2);
        assertThat(RemovedApiCheck.evaluate(List.of(), DATA, KubernetesVersion.parse("1.36"), "test"))
                .extracting(GateCheckResult::id, GateCheckResult::verdict)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(RemovedApiCheck.REMOVED, Verdict.PASS),
                        org.assertj.core.groups.Tuple.tuple(RemovedApiCheck.DATA, Verdict.WARN));
    }

    @Test
    void kubeletsMayNotBeNewerThanOrMoreThanThreeMinorsBehindTheApiServerAndHaApiServersStayWithinOne() {
        List<GateCheckResult> results = VersionSkewCheck.evaluate(
                List.of(node("n1", "v1.31.0", true), node("n2", "v1.27.9", true), node("n3", "v1.32.1", true)),
                List.of(apiServer("kube-apiserver-a", "v1.29.4"), apiServer("kube-apiserver-b", "v1.31.0")),
                V131);

        assertThat(results)
                .filteredOn(r -> r.id().equals(VersionSkewCheck.KUBELET))
                .extracting(r -> r.resource().name())
                .containsExactlyInAnyOrder("n2", "n3");
        assertThat(only(results, VersionSkewCheck.API_SERVERS).message()).contains("2 minors apart");
        assertThat(only(results, VersionSkewCheck.API_SERVERS).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void unhealthyWorkloadsNodesPodsAndVolumesFailAndAReleasedVolumeWarns() {
        Pod crashing = new PodBuilder(apiServer("kube-proxy-x", "v1.30.4"))
                .editStatus()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName("kube-proxy")
                .withRestartCount(7)
                .withNewState()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
        ClusterState state = state(
                List.of(node("n1", "v1.30.4", false)),
                List.of(crashing),
                List.of(deployment("web", 3, 1, "25%", true)),
                List.of(),
                List.of(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("data")
                        .withNamespace("db")
                        .endMetadata()
                        .withNewStatus()
                        .withPhase("Pending")
                        .endStatus()
                        .build()),
                List.of(volume("pv-1", "Released"), volume("pv-2", "Failed")));

        List<GateCheckResult> results = new java.util.ArrayList<>();
        results.addAll(WorkloadAvailabilityCheck.evaluate(state));
        results.addAll(KubeSystemPodsCheck.evaluate(state));
        results.addAll(NodeReadyCheck.evaluate(state));
        results.addAll(ClaimsBoundCheck.evaluate(state));
        results.addAll(VolumesHealthyCheck.evaluate(state));

        assertThat(only(results, WorkloadAvailabilityCheck.ID).message())
                .isEqualTo("Deployment shop/web has 1 of 3 replicas available");
        assertThat(only(results, KubeSystemPodsCheck.ID).message()).contains("CrashLoopBackOff after 7");
        assertThat(only(results, NodeReadyCheck.ID).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(only(results, ClaimsBoundCheck.ID).message()).isEqualTo("PersistentVolumeClaim db/data is Pending");
        assertThat(results)
                .filteredOn(r -> r.id().equals(VolumesHealthyCheck.ID))
                .extracting(GateCheckResult::verdict)
                .containsExactlyInAnyOrder(Verdict.WARN, Verdict.FAIL);
    }

    @Test
    void budgetsThatBlockDrainsFailAndRiskyRolloutsWarn() {
        Deployment web = deployment("web", 3, 3, "0", true);
        Deployment api = deployment("api", 2, 2, "1", false);
        Deployment solo = deployment("solo", 1, 1, "0", true);
        solo.getMetadata().setLabels(Map.of(DisruptionReadinessCheck.CRITICAL, "true"));
        Deployment batch = deployment("batch", 4, 4, "1", true);
        ClusterState state = state(
                List.of(),
                List.of(),
                List.of(web, api, solo, batch),
                List.of(pdb("web", new IntOrString("100%"), null), pdb("batch", null, new IntOrString(0))),
                List.of(),
                List.of());

        List<GateCheckResult> results = DisruptionReadinessCheck.evaluate(state);

        assertThat(results)
                .filteredOn(r -> r.id().equals(DisruptionReadinessCheck.PDB_BLOCKS))
                .extracting(r -> r.resource().name())
                .containsExactlyInAnyOrder("web", "batch");
        assertThat(only(results, DisruptionReadinessCheck.PDB_MISSING)
                        .resource()
                        .name())
                .isEqualTo("api");
        assertThat(only(results, DisruptionReadinessCheck.ROLLING_UPDATE)
                        .resource()
                        .name())
                .isEqualTo("api");
        assertThat(only(results, DisruptionReadinessCheck.READINESS).resource().name())
                .isEqualTo("api");
        assertThat(only(results, DisruptionReadinessCheck.SINGLE_REPLICA)
                        .resource()
                        .name())
                .isEqualTo("solo");
        assertThat(only(results, DisruptionReadinessCheck.SINGLE_REPLICA).verdict())
                .isEqualTo(Verdict.WARN);
    }

    @Test
    void theNewestCompletedBackupMustBeYoungerThanTheBound() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(BackupFreshnessCheck.evaluate("primary", null, null, Duration.ofHours(24), now)
                        .verdict())
                .isEqualTo(Verdict.FAIL);
        GateCheckResult stale = BackupFreshnessCheck.evaluate(
                "primary", "daily-backup-20261129010000", now.minus(Duration.ofHours(59)), Duration.ofHours(24), now);
        assertThat(stale.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(stale.message()).contains("daily-backup-20261129010000", "is 59h old", "the bound is 24h");
        assertThat(BackupFreshnessCheck.evaluate(
                                "primary", "b", now.minus(Duration.ofHours(2)), Duration.ofHours(24), now)
                        .verdict())
                .isEqualTo(Verdict.PASS);
    }

    private static GateCheckResult only(List<GateCheckResult> results, String id) {
        List<GateCheckResult> matching =
                results.stream().filter(r -> r.id().equals(id)).toList();
        assertThat(matching).as("%s in %s", id, results).hasSize(1);
        return matching.get(0);
    }

    private static ClusterState state(
            List<Node> nodes,
            List<Pod> pods,
            List<Deployment> deployments,
            List<PodDisruptionBudget> budgets,
            List<PersistentVolumeClaim> claims,
            List<PersistentVolume> volumes) {
        return new ClusterState(
                "v1.30.4", nodes, pods, deployments, List.of(), List.of(), budgets, claims, volumes, List.of(), "");
    }

    private static Node node(String name, String kubelet, boolean ready) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withMessage(ready ? null : "kubelet stopped posting node status")
                .endCondition()
                .withNewNodeInfo()
                .withKubeletVersion(kubelet)
                .endNodeInfo()
                .endStatus()
                .build();
    }

    private static Pod apiServer(String name, String version) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("kube-system")
                .withLabels(Map.of("component", name.startsWith("kube-apiserver") ? "kube-apiserver" : "other"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("registry.k8s.io/kube-apiserver:" + version)
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
    }

    private static Deployment deployment(
            String name, int replicas, int available, String maxUnavailable, boolean readinessProbe) {
        return new DeploymentBuilder()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(
                        maxUnavailable.endsWith("%")
                                ? new IntOrString(maxUnavailable)
                                : new IntOrString(Integer.parseInt(maxUnavailable)))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("nginx:1.25")
                .withReadinessProbe(readinessProbe ? new io.fabric8.kubernetes.api.model.ProbeBuilder().build() : null)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withAvailableReplicas(available)
                .endStatus()
                .build();
    }

    private static PodDisruptionBudget pdb(String app, IntOrString minAvailable, IntOrString maxUnavailable) {
        return new PodDisruptionBudgetBuilder()
                .withApiVersion("policy/v1")
                .withKind("PodDisruptionBudget")
                .withNewMetadata()
                .withName(app)
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withMinAvailable(minAvailable)
                .withMaxUnavailable(maxUnavailable)
                .withNewSelector()
                .withMatchLabels(Map.of("app", app))
                .endSelector()
                .endSpec()
                .build();
    }

    private static PersistentVolume volume(String name, String phase) {
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }
}
