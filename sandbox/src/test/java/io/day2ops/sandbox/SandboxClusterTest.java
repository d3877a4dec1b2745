package io.day2ops.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The primary sandbox behaves like the module's lab cluster: rollouts, PDBs, evictions, discovery, paging, faults. */
class SandboxClusterTest {

    private SandboxCluster primary;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        primary = SandboxCluster.start("primary", 0, 10, "sandbox/common.yaml", "sandbox/primary.yaml");
        client = primary.client();
        await("critical-app available", () -> availableReplicas() == 3);
    }

    @AfterEach
    void stop() {
        primary.close();
    }

    @Test
    void aNewCrdsResourcesAreServedOnlyOnceItIsEstablished() {
        var crd = new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("widgets.example.com")
                .endMetadata()
                .withNewSpec()
                .withGroup("example.com")
                .withScope("Namespaced")
                .withNewNames()
                .withPlural("widgets")
                .withKind("Widget")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        var widgets = new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                .withGroup("example.com")
                .withVersion("v1")
                .withPlural("widgets")
                .withKind("Widget")
                .withNamespaced(true)
                .build();
        var widget = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withApiVersion("example.com/v1")
                .withKind("Widget")
                .withNewMetadata()
                .withName("w")
                .endMetadata()
                .build();

        KubernetesClientException early = org.junit.jupiter.api.Assertions.assertThrows(
                KubernetesClientException.class,
                () -> client.genericKubernetesResources(widgets)
                        .inNamespace("default")
                        .resource(widget)
                        .create());
        assertThat(early.getCode()).as("not served before it is Established").isEqualTo(404);

        await("Established", () -> primary.requests().lines().contains("ESTABLISHED widgets.example.com"));
        assertThat(client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("widgets.example.com")
                        .get()
                        .getStatus()
                        .getConditions())
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Established=True"));
        client.genericKubernetesResources(widgets)
                .inNamespace("default")
                .resource(widget)
                .create();
        assertThat(client.genericKubernetesResources(widgets)
                        .inNamespace("default")
                        .withName("w")
                        .get())
                .isNotNull();
    }

    @Test
    void criticalAppComesUpAsTheLabDescribesIt() {
        Deployment app = deployment();
        assertThat(app.getStatus().getObservedGeneration())
                .isEqualTo(app.getMetadata().getGeneration());
        assertThat(app.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(app.getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                        .isEqualTo("Available=True/MinimumReplicasAvailable"))
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                        .isEqualTo("Progressing=True/NewReplicaSetAvailable"));
        List<Pod> pods = appPods();
        assertThat(pods).hasSize(3).allSatisfy(pod -> {
            assertThat(pod.getSpec().getNodeName()).startsWith("primary-worker-");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        });
        await("PDB status", () -> {
            PodDisruptionBudget pdb = client.policy()
                    .v1()
                    .podDisruptionBudget()
                    .inNamespace("default")
                    .withName("critical-app-pdb")
                    .get();
            return pdb.getStatus() != null && pdb.getStatus().getDisruptionsAllowed() == 1;
        });
    }

    @Test
    void aRollingUpdateNeverTakesAvailabilityBelowThePdbsMinAvailable() throws Exception {
        AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                long ready =
                        appPods().stream().filter(SandboxClusterTest::ready).count();
                lowest.accumulateAndGet((int) ready, Math::min);
                sleep(10);
            }
        });
        watcher.start();
        long generation = deployment().getMetadata().getGeneration();

        client.apps()
                .deployments()
                .inNamespace("default")
                .withName("critical-app")
                .edit(d -> {
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.27");
                    return d;
                });

        await("rollout complete", () -> {
            Deployment d = deployment();
            return d.getStatus().getObservedGeneration() == generation + 1
                    && d.getStatus().getUpdatedReplicas() == 3
                    && d.getStatus().getAvailableReplicas() == 3
                    && d.getStatus().getReplicas() == 3;
        });
        watching.set(false);
        watcher.join();
        assertThat(appPods())
                .hasSize(3)
                .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage())
                        .isEqualTo("nginx:1.27"));
        assertThat(lowest.get())
                .as("fewest ready critical-app pods during the rollout")
                .isGreaterThanOrEqualTo(2);
        assertThat(deployment().getMetadata().getGeneration()).isEqualTo(generation + 1);
    }

    @Test
    void anEvictionThatWouldBreakThePdbGets429() {
        await(
                "PDB allows one disruption",
                () -> client.policy()
                                .v1()
                                .podDisruptionBudget()
                                .inNamespace("default")
                                .withName("critical-app-pdb")
                                .get()
                                .getStatus()
                                .getDisruptionsAllowed()
                        == 1);
        List<Pod> pods = appPods();

        boolean first =
                client.pods().inNamespace("default").resource(pods.get(0)).evict();
        boolean second =
                client.pods().inNamespace("default").resource(pods.get(1)).evict();

        assertThat(first).as("first eviction (3 healthy, 2 required)").isTrue();
        assertThat(second).as("second eviction (2 healthy, 2 required)").isFalse();
        assertThat(client.pods()
                        .inNamespace("default")
                        .withName(pods.get(1).getMetadata().getName())
                        .get())
                .isNotNull();
        // The ReplicaSet replaces the evicted pod; once it is Ready the budget allows a disruption again.
        await("replacement ready", () -> availableReplicas() == 3);
        await(
                "budget restored",
                () -> client.pods()
                        .inNamespace("default")
                        .resource(appPods().get(1))
                        .evict());
    }

    @Test
    void discoveryServesBuiltInKindsWithShortNamesAndTheSnapshotCrds() {
        assertThat(client.getApiGroups().getGroups())
                .extracting(g -> g.getName())
                .contains("apps", "policy", "snapshot.storage.k8s.io", "apiextensions.k8s.io");
        assertThat(client.getApiResources("apps/v1").getResources()).anySatisfy(r -> {
            assertThat(r.getName()).isEqualTo("deployments");
            assertThat(r.getShortNames()).containsExactly("deploy");
        });
        assertThat(client.getApiResources("snapshot.storage.k8s.io/v1").getResources())
                .extracting(r -> r.getKind())
                .contains("VolumeSnapshot", "VolumeSnapshotContent", "VolumeSnapshotClass");
        assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.30.4");
    }

    @Test
    void listsArePagedWithLimitAndContinue() {
        for (int i = 0; i < 25; i++) {
            client.configMaps()
                    .inNamespace("paging")
                    .resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("cm-" + i)
                            .endMetadata()
                            .addToData("i", String.valueOf(i))
                            .build())
                    .create();
        }
        var first = client.configMaps()
                .inNamespace("paging")
                .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                        .withLimit(10L)
                        .build());
        assertThat(first.getItems()).hasSize(10);
        assertThat(first.getMetadata().getRemainingItemCount()).isEqualTo(15L);
        int total = first.getItems().size();
        String token = first.getMetadata().getContinue();
        while (token != null && !token.isEmpty()) {
            var page = client.configMaps()
                    .inNamespace("paging")
                    .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                            .withLimit(10L)
                            .withContinue(token)
                            .build());
            total += page.getItems().size();
            token = page.getMetadata().getContinue();
        }
        assertThat(total).isEqualTo(25);
    }

    @Test
    void theFaultSwitchMakesTheApiAnswerWithErrorsOrNotAtAll() {
        primary.faults().failWith(503);
        try {
            client.apps()
                    .deployments()
                    .inNamespace("default")
                    .withName("critical-app")
                    .get();
            throw new AssertionError("expected a 503");
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).isEqualTo(503);
        }
        primary.faults().clear();
        assertThat(deployment()).isNotNull();

        primary.unreachable();
        try {
            client.apps()
                    .deployments()
                    .inNamespace("default")
                    .withName("critical-app")
                    .get();
            throw new AssertionError("expected the connection to fail");
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).as("no HTTP status: nothing answered").isLessThanOrEqualTo(0);
            // A pooled connection is closed or reset under the client, new ones are refused.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root)
                    .isInstanceOfAny(java.net.SocketException.class, io.vertx.core.http.HttpClosedException.class);
        }
        primary.reachable();
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
    }

    private Deployment deployment() {
        return client.apps()
                .deployments()
                .inNamespace("default")
                .withName("critical-app")
                .get();
    }

    private int availableReplicas() {
        Deployment d = deployment();
        return d == null || d.getStatus() == null || d.getStatus().getAvailableReplicas() == null
                ? 0
                : d.getStatus().getAvailableReplicas();
    }

    private List<Pod> appPods() {
        PodList list = client.pods()
                .inNamespace("default")
                .withLabel("app", "critical-app")
                .list();
        return list.getItems();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException ignored) {
                // not there yet
            }
            sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
