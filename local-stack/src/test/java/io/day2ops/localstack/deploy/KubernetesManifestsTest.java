package io.day2ops.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.sandbox.Kubeconfigs;
import io.day2ops.sandbox.Kubectl;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.sandbox.Sandboxes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/: each overlay renders with {@code kubectl kustomize}, every object parses into the fabric8 model without an
 * unknown field, the objects say what the issue asks (zero-downtime rollout, probes, non-root, PDBs that never block a
 * drain, least-privilege RBAC, the module's alerts), and {@code kubectl apply} puts them on a sandbox cluster, where the
 * four Deployments roll out.
 */
class KubernetesManifestsTest {

    private static final List<String> OVERLAYS = List.of("dev", "prod");
    /** The overlays, and prod with the optional monitoring component. */
    private static final List<String> RENDERED = List.of("dev", "prod", "prod-monitoring");

    private static final Set<String> WRITE_VERBS =
            Set.of("create", "update", "patch", "delete", "deletecollection", "bind", "escalate", "impersonate");

    private static final Map<String, String> yaml = new LinkedHashMap<>();
    private static final Map<String, List<HasMetadata>> objects = new LinkedHashMap<>();
    private static final KubernetesSerialization serialization = new KubernetesSerialization();

    @TempDir
    static Path dir;

    @BeforeAll
    static void render() {
        for (String overlay : RENDERED) {
            String rendered = new Kubectl(null)
                    .run(
                            "kustomize",
                            RepositoryFiles.root()
                                    .resolve("k8s/overlays/" + overlay)
                                    .toString());
            yaml.put(overlay, rendered);
            List<HasMetadata> parsed = new ArrayList<>();
            for (String document : rendered.split("(?m)^---$")) {
                if (!document.isBlank()) {
                    parsed.add(serialization.unmarshal(document));
                }
            }
            objects.put(overlay, parsed);
        }
    }

    @Test
    void everyObjectParsesIntoItsTypedFabric8ModelWithoutUnknownFields() {
        for (String overlay : OVERLAYS) {
            assertThat(objects.get(overlay)).as(overlay).hasSizeGreaterThan(25);
            for (HasMetadata object : objects.get(overlay)) {
                String id = overlay + " " + object.getKind() + "/"
                        + object.getMetadata().getName();
                if (object.getApiVersion().startsWith("monitoring.coreos.com/")) {
                    assertThat(object).as(id).isInstanceOf(GenericKubernetesResource.class);
                    continue;
                }
                assertThat(object).as(id + " is a built-in kind").isNotInstanceOf(GenericKubernetesResource.class);
                assertThat(unknownFields(object, id, new IdentityHashMap<>()))
                        .as(id)
                        .isEmpty();
            }
        }
    }

    @Test
    void deploymentsRollWithoutDowntimeProbeHealthAndRunAsNonRootWithLimits() {
        for (String overlay : OVERLAYS) {
            List<Deployment> deployments = all(overlay, Deployment.class);
            assertThat(deployments.stream().map(d -> d.getMetadata().getName()))
                    .containsExactlyInAnyOrderElementsOf(RepositoryFiles.DEPLOYABLES);
            for (Deployment deployment : deployments) {
                String name = deployment.getMetadata().getName();
                var strategy = deployment.getSpec().getStrategy();
                assertThat(strategy.getType()).isEqualTo("RollingUpdate");
                assertThat(strategy.getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString(1));
                assertThat(strategy.getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString(0));

                var pod = deployment.getSpec().getTemplate().getSpec();
                assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
                assertThat(pod.getServiceAccountName()).isEqualTo(name);
                Container container = pod.getContainers().get(0);
                String port = RepositoryFiles.serviceConfig(name).getProperty("quarkus.http.port");
                assertThat(container.getPorts().get(0).getContainerPort())
                        .as(name)
                        .hasToString(port);
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
                assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                        .isFalse();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                        .isTrue();
                String database = name.replace("-service", "");
                assertThat(container.getEnv())
                        .anySatisfy(env -> assertThat(env.getValue()).endsWith("/day2_" + database));
                assertThat(container.getEnv()).anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("QUARKUS_DATASOURCE_PASSWORD");
                    assertThat(env.getValueFrom().getSecretKeyRef()).isNotNull();
                });
            }
        }
        // the services run two replicas in prod; the console one (its fleet is in memory, fed by its consumers)
        assertThat(all("prod", Deployment.class))
                .filteredOn(d -> !d.getMetadata().getName().equals("console"))
                .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isGreaterThanOrEqualTo(2));
        assertThat(one("prod", Deployment.class, "console").getSpec().getReplicas())
                .isEqualTo(1);
    }

    @Test
    void everyDeploymentHasAServiceAndAPdbThatSelectItsPodsAndThePdbNeverBlocksADrain() {
        for (String overlay : OVERLAYS) {
            for (Deployment deployment : all(overlay, Deployment.class)) {
                String name = deployment.getMetadata().getName();
                Map<String, String> podLabels =
                        deployment.getSpec().getTemplate().getMetadata().getLabels();
                Service service = one(overlay, Service.class, name);
                assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
                assertThat(service.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString("http"));

                PodDisruptionBudget pdb = one(overlay, PodDisruptionBudget.class, name);
                assertThat(podLabels)
                        .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
                int replicas = deployment.getSpec().getReplicas();
                if (pdb.getSpec().getMinAvailable() != null) {
                    assertThat(pdb.getSpec().getMinAvailable().getIntVal())
                            .as(name)
                            .isLessThan(replicas);
                } else {
                    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal())
                            .as(name)
                            .isGreaterThanOrEqualTo(1);
                }
                assertThat(one(overlay, ServiceAccount.class, name)).isNotNull();
            }
        }
    }

    @Test
    void rbacGrantsEachServiceOnlyWhatItMust() {
        for (String overlay : OVERLAYS) {
            for (ClusterRole role : all(overlay, ClusterRole.class)) {
                for (PolicyRule rule : role.getRules()) {
                    String id = overlay + " " + role.getMetadata().getName();
                    assertThat(rule.getVerbs()).as(id).doesNotContain("*");
                    assertThat(rule.getResources()).as(id).doesNotContain("*");
                    assertThat(rule.getApiGroups()).as(id).doesNotContain("*");
                }
            }
            String namespace = overlay.equals("dev") ? "day2ops-dev" : "day2ops";
            assertThat(one(overlay, ServiceAccount.class, "scheduler-service").getAutomountServiceAccountToken())
                    .isFalse();
            assertThat(rules(overlay, "scheduler-service", namespace)).isEmpty();

            List<PolicyRule> dr = rules(overlay, "dr-service", namespace);
            assertThat(dr).noneMatch(rule -> rule.getResources().contains("secrets"));
            // prod: deletes of drill namespaces only; dev adds the failover-fencing component's scaling
            assertThat(writes(dr))
                    .containsExactlyInAnyOrderElementsOf(
                            overlay.equals("dev")
                                    ? List.of("namespaces:delete", "deployments:patch", "statefulsets:patch")
                                    : List.of("namespaces:delete"));

            assertThat(writes(rules(overlay, "upgrade-service", namespace)))
                    .containsExactlyInAnyOrder(
                            "deployments:patch",
                            "statefulsets:patch",
                            "nodes:patch",
                            "pods/eviction:create",
                            "pods:delete");

            List<PolicyRule> backup = rules(overlay, "backup-service", namespace);
            assertThat(reads(backup))
                    .as("backups read the kinds they hold, listed")
                    .contains("secrets:list", "deployments:list", "customresourcedefinitions:list");
            assertThat(writes(backup))
                    .contains("deployments:create", "secrets:create", "namespaces:create")
                    .noneMatch(write -> write.startsWith("roles") || write.startsWith("rolebindings"))
                    .noneMatch(write ->
                            overlay.equals("prod") && write.endsWith(":delete") && !write.startsWith("volumesnapshot"))
                    .noneMatch(write -> overlay.equals("prod") && write.startsWith("customresourcedefinitions:"))
                    .as("recreate never deletes what loses data")
                    .doesNotContain(
                            "persistentvolumeclaims:delete",
                            "persistentvolumes:delete",
                            "namespaces:delete",
                            "customresourcedefinitions:delete");
        }
        // dev adds the restore components: CRDs created (not deleted), the restorable kinds deletable for recreate
        assertThat(writes(rules("dev", "backup-service", "day2ops-dev")))
                .contains("customresourcedefinitions:create", "configmaps:delete", "deployments:delete");
        // prod, as shipped: no Secrets for upgrade-service, no exec for anyone (hooks and Helm scans are components)
        assertThat(reads(rules("prod", "upgrade-service", "day2ops"))).noneMatch(read -> read.startsWith("secrets"));
        for (String service : RepositoryFiles.SERVICES) {
            assertThat(writes(rules("prod", service, "day2ops"))).as(service).doesNotContain("pods/exec:create");
        }
        assertThat(config("prod"))
                .containsEntry("DAY2_BACKUP_HOOKS_ENABLED", "false")
                .containsEntry("DAY2_UPGRADE_HELM_RELEASES", "false");
        // dev adds both components: exec for backup-service only, Secrets for upgrade-service only to list
        assertThat(writes(rules("dev", "backup-service", "day2ops-dev"))).contains("pods/exec:create");
        for (String service : List.of("upgrade-service", "dr-service", "scheduler-service")) {
            assertThat(writes(rules("dev", service, "day2ops-dev"))).as(service).doesNotContain("pods/exec:create");
        }
        assertThat(reads(rules("dev", "upgrade-service", "day2ops-dev")))
                .filteredOn(read -> read.startsWith("secrets"))
                .containsExactly("secrets:list");
        assertThat(config("dev")).containsEntry("DAY2_BACKUP_HOOKS_ENABLED", "true");
        // fencing old primaries is a component: prod's dr-service patches nothing; dev's may scale workloads
        assertThat(writes(rules("prod", "dr-service", "day2ops"))).noneMatch(write -> write.endsWith(":patch"));
        assertThat(writes(rules("dev", "dr-service", "day2ops-dev")))
                .contains("deployments:patch", "statefulsets:patch");
    }

    @Test
    void drServiceMayDeleteOnlyLabelledNamespacesAndEveryPodIsBehindDefaultDenyIngress() {
        for (String overlay : OVERLAYS) {
            var policy = all(overlay, ValidatingAdmissionPolicy.class).get(0);
            assertThat(policy.getSpec().getMatchConditions().get(0).getExpression())
                    .contains(":dr-service");
            assertThat(policy.getSpec().getValidations().get(0).getExpression())
                    .contains("'day2ops.io/drill' in oldObject.metadata.labels");
            assertThat(policy.getSpec()
                            .getMatchConstraints()
                            .getResourceRules()
                            .get(0)
                            .getOperations())
                    .containsExactly("DELETE");
            var binding = all(overlay, ValidatingAdmissionPolicyBinding.class).get(0);
            assertThat(binding.getSpec().getPolicyName())
                    .isEqualTo(policy.getMetadata().getName());
            assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");

            List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy> policies =
                    all(overlay, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);
            assertThat(policies)
                    .as("default deny: every pod selected, no ingress rule")
                    .anyMatch(p -> p.getSpec().getPodSelector().getMatchLabels().isEmpty()
                            && p.getSpec()
                                    .getPodSelector()
                                    .getMatchExpressions()
                                    .isEmpty()
                            && p.getSpec().getIngress().isEmpty()
                            && p.getSpec().getPolicyTypes().contains("Ingress"));
            assertThat(policies)
                    .as("the http port open to ingress, monitoring and day2ops only")
                    .anyMatch(p -> !p.getSpec().getIngress().isEmpty()
                            && p.getSpec().getIngress().stream()
                                    .allMatch(rule -> rule.getPorts().stream()
                                            .allMatch(port ->
                                                    "http".equals(port.getPort().getStrVal()))));
        }
    }

    @Test
    void theInitJobRunsTheInitProgramOfAServiceImageAndStrimziUsersGetEveryTopicAsAKafkaTopic() throws IOException {
        for (String overlay : OVERLAYS) {
            io.fabric8.kubernetes.api.model.batch.v1.Job job =
                    one(overlay, io.fabric8.kubernetes.api.model.batch.v1.Job.class, "day2ops-init");
            var container =
                    job.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).startsWith("day2ops/backup-service");
            assertThat(container.getCommand()).contains("io.day2ops.foundation.init.Day2Init");
            assertThat(job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                    .isFalse();
        }
        assertThat(RepositoryFiles.root()
                        .resolve("service-foundation/src/main/java/io/day2ops/foundation/init/Day2Init.java"))
                .isRegularFile();
        assertThat(config("dev")).containsEntry("DAY2_TOPIC_REPLICATION", "1");

        String rendered = new Kubectl(null)
                .run(
                        "kustomize",
                        RepositoryFiles.root()
                                .resolve("k8s/components/strimzi-topics")
                                .toString());
        java.util.Set<String> topics = new java.util.TreeSet<>();
        for (String document : rendered.split("(?m)^---$")) {
            if (!document.isBlank()) {
                GenericKubernetesResource topic = serialization.unmarshal(document, GenericKubernetesResource.class);
                topics.add((String) topic.get("spec", "topicName"));
            }
        }
        java.util.Set<String> contract = new java.util.TreeSet<>();
        io.day2ops.events.EventType.ALL.forEach(type -> {
            contract.add(type.topic());
            contract.add(type.deadLetterTopic());
        });
        assertThat(topics).isEqualTo(contract);
    }

    @Test
    void backupsGoToASharedS3LocationNeverAPodsDiskAndDevBringsItsWholeStack() throws IOException {
        for (String overlay : OVERLAYS) {
            Deployment backup = one(overlay, Deployment.class, "backup-service");
            assertThat(backup.getSpec().getTemplate().getSpec().getVolumes())
                    .as(overlay + ": backup-service keeps no backup on an emptyDir")
                    .allMatch(volume ->
                            volume.getEmptyDir() == null || volume.getName().equals("tmp"));
            assertThat(config(overlay)).containsEntry("DAY2_STORAGE_LOCATIONS_DEFAULT_TYPE", "s3");
        }
        assertThat(config("dev"))
                .containsEntry("DAY2_STORAGE_LOCATIONS_DEFAULT_ENDPOINT", "http://s3.day2ops-dev.svc:80")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka.day2ops-dev.svc:9092")
                .containsEntry("DB_HOST", "postgres.day2ops-dev.svc");
        assertThat(all("dev", io.fabric8.kubernetes.api.model.apps.StatefulSet.class))
                .extracting(set -> set.getMetadata().getName())
                .containsExactlyInAnyOrder("kafka", "postgres", "s3", "keycloak", "kafka-ui");
        assertThat(all("dev", Service.class))
                .extracting(service -> service.getMetadata().getName())
                .contains("kafka", "postgres", "s3", "keycloak", "kafka-ui");
        assertThat(all("prod", io.fabric8.kubernetes.api.model.apps.StatefulSet.class))
                .as("prod expects your Kafka, PostgreSQL and S3")
                .isEmpty();
        assertThat(RepositoryFiles.read(RepositoryFiles.root().resolve("k8s/overlays/dev/day2ops-realm.json")))
                .as("dev's realm is the tests' realm")
                .isEqualTo(RepositoryFiles.read(RepositoryFiles.root()
                        .resolve("test-infrastructure/src/main/resources/keycloak/day2ops-realm.json")));
    }

    @Test
    void theServicesThatWorkOnClustersRegisterTheOneTheyRunInThroughTheirServiceAccount() {
        for (String overlay : OVERLAYS) {
            for (String service : List.of("backup-service", "upgrade-service", "dr-service")) {
                var pod = one(overlay, Deployment.class, service)
                        .getSpec()
                        .getTemplate()
                        .getSpec();
                assertThat(pod.getContainers().get(0).getEnv())
                        .as(overlay + " " + service)
                        .anyMatch(env ->
                                env.getName().equals("DAY2_CLUSTERS_HOME_IN_CLUSTER") && "true".equals(env.getValue()));
                assertThat(pod.getAutomountServiceAccountToken()).as(service).isTrue();
                // the other clusters: kubeconfigs of the Secret day2ops-clusters, updated in place (no subPath)
                String dir = pod.getContainers().get(0).getEnv().stream()
                        .filter(env -> env.getName().equals("DAY2_CLUSTERS_DIR"))
                        .findFirst()
                        .orElseThrow()
                        .getValue();
                assertThat(pod.getContainers().get(0).getVolumeMounts())
                        .anyMatch(mount -> mount.getMountPath().equals(dir)
                                && mount.getSubPath() == null
                                && Boolean.TRUE.equals(mount.getReadOnly()));
                assertThat(pod.getVolumes())
                        .anyMatch(volume -> volume.getSecret() != null
                                && "day2ops-clusters".equals(volume.getSecret().getSecretName())
                                && Boolean.TRUE.equals(volume.getSecret().getOptional()));
            }
            assertThat(one(overlay, Deployment.class, "scheduler-service")
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getEnv())
                    .noneMatch(env -> env.getName().startsWith("DAY2_CLUSTERS_"));
        }
    }

    /** The day2ops-config ConfigMap's data. */
    private static Map<String, String> config(String overlay) {
        return all(overlay, io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("day2ops-config"))
                .findFirst()
                .orElseThrow()
                .getData();
    }

    /** Every {@code resource:verb} of a set of rules that only reads. */
    private static Set<String> reads(List<PolicyRule> rules) {
        return rules.stream()
                .flatMap(rule -> rule.getResources().stream()
                        .flatMap(resource -> rule.getVerbs().stream()
                                .filter(verb -> verb.equals("get") || verb.equals("list") || verb.equals("watch"))
                                .map(verb -> resource + ":" + verb)))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void monitoringScrapesEveryServiceAndAlertsOnUpgradeSafetyRpoAndDrills() {
        for (String overlay : OVERLAYS) {
            assertThat(objects.get(overlay))
                    .as(overlay + " applies without the Prometheus Operator: monitoring is a component")
                    .noneMatch(o -> o.getApiVersion().startsWith("monitoring.coreos.com/"));
        }
        for (String overlay : List.of("prod-monitoring")) {
            GenericKubernetesResource monitor = generic(overlay, "ServiceMonitor");
            @SuppressWarnings("unchecked")
            Map<String, String> selector = (Map<String, String>) monitor.get("spec", "selector", "matchLabels");
            for (Service service : all(overlay, Service.class)) {
                assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
                assertThat(service.getSpec().getPorts()).anyMatch(p -> "http".equals(p.getName()));
            }
            assertThat((String) monitor.get("spec", "endpoints", 0, "path")).isEqualTo("/q/metrics");

            GenericKubernetesResource rule = generic(overlay, "PrometheusRule");
            Map<String, String> alerts = new LinkedHashMap<>();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) rule.get("spec", "groups");
            for (Map<String, Object> group : groups) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> groupRules = (List<Map<String, Object>>) group.get("rules");
                groupRules.forEach(r -> alerts.put((String) r.get("alert"), (String) r.get("expr")));
            }
            assertThat(alerts)
                    .containsKeys(
                            "UpgradeSafetyCheck",
                            "Day2BackupRpoBreached",
                            "Day2DrillFailed",
                            "Day2DeadLetters",
                            "Day2ClusterUnreachable");
            assertThat(alerts.get("UpgradeSafetyCheck"))
                    .contains("kube_deployment_status_replicas_available", "on (namespace, deployment)");
            assertThat(alerts.get("Day2DeadLetters")).contains("day2_dead_letters_total");
        }
    }

    @Test
    void devGeneratesItsDevOnlySecretsAndProdRendersNoSecretAtAll() {
        assertThat(all("dev", Secret.class))
                .extracting(secret -> secret.getMetadata().getName().replaceAll("-[a-z0-9]{10}$", ""))
                .containsExactlyInAnyOrder(
                        "day2ops-db", "day2ops-db-admin", "day2ops-s3", "day2ops-backup-keys", "day2ops-console-oidc");
        assertThat(all("prod", Secret.class)).isEmpty();
        for (String overlay : OVERLAYS) {
            String namespace = overlay.equals("dev") ? "day2ops-dev" : "day2ops";
            for (ClusterRoleBinding binding : all(overlay, ClusterRoleBinding.class)) {
                assertThat(binding.getSubjects())
                        .allSatisfy(subject -> assertThat(subject.getNamespace())
                                .as(binding.getMetadata().getName())
                                .isEqualTo(namespace));
            }
        }
    }

    @Test
    void bothOverlaysApplyToASandboxWithoutPrometheusCrdsAndMonitoringAddsItsObjectsWhereTheyExist()
            throws IOException, InterruptedException {
        List<SandboxCluster> clusters = Sandboxes.start(0, 0, 10);
        try {
            Path kubeconfig = Kubeconfigs.write(dir.resolve("kubeconfig"), clusters);
            Kubectl kubectl = new Kubectl(kubeconfig);
            for (String overlay : OVERLAYS) {
                String namespace = overlay.equals("dev") ? "day2ops-dev" : "day2ops";
                String created = kubectl.runWithInput(yaml.get(overlay), "apply", "-f", "-");
                assertThat(created.lines().filter(line -> line.endsWith(" created") || line.endsWith(" configured")))
                        .as(created)
                        .hasSize(objects.get(overlay).size()
                                - (int) created.lines()
                                        .filter(line -> line.endsWith(" unchanged"))
                                        .count());
                assertThat(created).contains("deployment.apps/backup-service created");

                // Applying again changes no spec. (kubectl's client-side apply always re-sends a PDB's selector, a
                // field with patch strategy "replace", so PDBs print "configured"; their generation stays 1.)
                String again = kubectl.runWithInput(yaml.get(overlay), "apply", "-f", "-");
                assertThat(again.lines()).as(again).noneMatch(line -> line.endsWith(" created"));
                assertThat(again.lines().filter(line -> line.endsWith(" configured")))
                        .as(again)
                        .allMatch(line -> line.startsWith("poddisruptionbudget.policy/"));
                for (String kind : List.of("deploy", "pdb")) {
                    assertThat(kubectl.run(
                                    "get", kind, "-n", namespace, "-o", "jsonpath={.items[*].metadata.generation}"))
                            .isEqualTo("1 1 1 1 1");
                }

                for (String service : RepositoryFiles.DEPLOYABLES) {
                    assertThat(kubectl.run("rollout", "status", "deploy/" + service, "-n", namespace, "--timeout=60s"))
                            .contains("successfully rolled out");
                }
                assertThat(kubectl.run("get", "pdb", "-n", namespace, "-o", "name"))
                        .contains("poddisruptionbudget.policy/backup-service");
            }
            // with the Prometheus Operator's CRDs: prod plus the monitoring component adds exactly its three objects
            String crds;
            try (InputStream in = getClass().getResourceAsStream("/crds/monitoring.coreos.com.yaml")) {
                crds = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            kubectl.runWithInput(crds, "apply", "-f", "-");
            // as against any API server: a new CRD's kinds are served once it is Established, not at once
            for (String crd :
                    List.of("servicemonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com")) {
                long deadline =
                        System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
                while (!kubectl.run(
                                "get",
                                "crd",
                                crd,
                                "-o",
                                "jsonpath={.status.conditions[?(@.type==\"Established\")].status}")
                        .equals("True")) {
                    assertThat(System.nanoTime())
                            .as(crd + " Established within 30 s")
                            .isLessThan(deadline);
                    Thread.sleep(100);
                }
            }
            String monitored = kubectl.runWithInput(yaml.get("prod-monitoring"), "apply", "-f", "-");
            assertThat(monitored.lines().filter(line -> line.endsWith(" created")))
                    .as(monitored)
                    .containsExactlyInAnyOrder(
                            "servicemonitor.monitoring.coreos.com/day2ops created",
                            "prometheusrule.monitoring.coreos.com/day2ops created",
                            "configmap/day2ops-grafana-dashboard created");
            assertThat(kubectl.run("get", "servicemonitor,prometheusrule", "-n", "day2ops", "-o", "name"))
                    .contains(
                            "servicemonitor.monitoring.coreos.com/day2ops",
                            "prometheusrule.monitoring.coreos.com/day2ops");
        } finally {
            clusters.forEach(SandboxCluster::close);
        }
    }

    /** The rules bound to a service account through ClusterRoleBindings (aggregated roles resolved by label). */
    private static List<PolicyRule> rules(String overlay, String serviceAccount, String namespace) {
        return io.day2ops.localstack.RbacCheck.rulesOf(objects.get(overlay), serviceAccount, namespace);
    }

    /** Every {@code resource:verb} a set of rules lets its holder change. */
    private static Set<String> writes(List<PolicyRule> rules) {
        return rules.stream()
                .flatMap(rule -> rule.getResources().stream()
                        .flatMap(resource -> rule.getVerbs().stream()
                                .filter(WRITE_VERBS::contains)
                                .map(verb -> resource + ":" + verb)))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static <T extends HasMetadata> List<T> all(String overlay, Class<T> type) {
        return objects.get(overlay).stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static <T extends HasMetadata> T one(String overlay, Class<T> type, String name) {
        return all(overlay, type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + type.getSimpleName() + " " + name));
    }

    private static GenericKubernetesResource generic(String overlay, String kind) {
        return all(overlay, GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind));
    }

    /**
     * Fields the fabric8 model did not know (a typo such as {@code readinesProbe} lands in a model object's
     * additional properties instead of failing), with their path.
     */
    private static List<String> unknownFields(Object value, String path, Map<Object, Boolean> seen) {
        List<String> unknown = new ArrayList<>();
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return unknown;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
            }
            return unknown;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknown.addAll(unknownFields(item, path + "." + key, seen)));
            return unknown;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return unknown;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object field = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) field).keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    unknown.addAll(
                            unknownFields(field, path + "." + getter.getName().substring(3), seen));
                }
            } catch (ReflectiveOperationException e) {
                throw new UncheckedIOException(new IOException(getter + " on " + path, e));
            }
        }
        return unknown;
    }
}
