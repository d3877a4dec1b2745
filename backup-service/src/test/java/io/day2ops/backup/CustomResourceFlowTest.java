package io.day2ops.backup;

import static io.day2ops.testing.Api.asUser;
import static io.day2ops.testing.Flow.TIMEOUT;
import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.events.fixtures.RestoreRequestedBuilder;
import io.day2ops.sandbox.SandboxCluster;
import io.day2ops.testing.BusClient;
import io.day2ops.testing.Day2FlowTest;
import io.day2ops.testing.InjectBus;
import io.day2ops.testing.SandboxClusters;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A CustomResourceDefinition and its custom resources (the lab's {@code Certificate}s in namespace {@code pki}) round
 * trip into the standby: the backup of the namespace brings the CRD along; the restore creates it first and creates
 * the first custom resource only after the API server marked it Established — read from the standby's request log.
 */
@Day2FlowTest
class CustomResourceFlowTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final String CRD = "certificates.pki.day2ops.io";
    private static final ResourceDefinitionContext CERTIFICATES = new ResourceDefinitionContext.Builder()
            .withGroup("pki.day2ops.io")
            .withVersion("v1")
            .withPlural("certificates")
            .withKind("Certificate")
            .withNamespaced(true)
            .build();

    @InjectBus
    BusClient events;

    @Test
    void aCrdAndItsCustomResourcesRoundTripTheCrdEstablishedBeforeTheFirstOfThem() {
        SandboxCluster primary = SandboxClusters.cluster("primary");
        SandboxCluster standby = SandboxClusters.cluster("standby");
        var crds = standby.client().apiextensions().v1().customResourceDefinitions();
        if (crds.withName(CRD).get() != null) { // another test of this run restored it
            crds.withName(CRD).delete();
            await().atMost(TIMEOUT).until(() -> crds.withName(CRD).get() == null);
        }
        String backup = unique("crd");
        events.publish(BackupCaptureFlowTest.request(backup, List.of("pki"), List.of(), null, null));
        events.await(
                EventType.SNAPSHOT_TAKEN.topic(), r -> backup.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        String target = unique("pki");
        int from = standby.requests().lines().size();

        String name = unique("restore");
        events.publish(RestoreRequestedBuilder.restoreRequested()
                .name(name)
                .cluster("standby")
                .backupName(backup)
                .includedNamespaces(List.of())
                .namespaceMapping(Map.of("pki", target))
                .build());
        RestoreCompleted done = answer(name);

        assertThat(done.phase()).as(String.valueOf(done.failureReason())).isEqualTo(BackupPhase.Completed);
        assertThat(done.errors()).isZero();
        asUser("viewer")
                .get("/restores/" + name + "/items")
                .then()
                .statusCode(200)
                .body("find { it.name == '" + CRD + "' }.action", org.hamcrest.Matchers.equalTo("Created"));
        List<GenericKubernetesResource> originals = primary.client()
                .genericKubernetesResources(CERTIFICATES)
                .inNamespace("pki")
                .list()
                .getItems();
        assertThat(originals).hasSize(2);
        for (GenericKubernetesResource original : originals) {
            GenericKubernetesResource restored = standby.client()
                    .genericKubernetesResources(CERTIFICATES)
                    .inNamespace(target)
                    .withName(original.getMetadata().getName())
                    .get();
            assertThat(restored).as(original.getMetadata().getName()).isNotNull();
            assertThat(restored.getAdditionalProperties().get("spec"))
                    .isEqualTo(original.getAdditionalProperties().get("spec"));
        }

        List<String> log = standby.requests()
                .lines()
                .subList(from, standby.requests().lines().size());
        int crdCreated = first(log, "POST /apis/apiextensions.k8s.io/v1/customresourcedefinitions");
        int established = first(log, "ESTABLISHED " + CRD);
        int firstCertificate = first(log, "POST /apis/pki.day2ops.io/v1/namespaces/" + target + "/certificates");
        assertThat(crdCreated).as("the CRD is created").isNotNegative();
        assertThat(established).as("then Established by the API server").isGreaterThan(crdCreated);
        assertThat(firstCertificate)
                .as("and only then its first custom resource is created")
                .isGreaterThan(established);
    }

    private static int first(List<String> log, String prefix) {
        return IntStream.range(0, log.size())
                .filter(i -> log.get(i).startsWith(prefix))
                .findFirst()
                .orElse(-1);
    }

    private RestoreCompleted answer(String name) {
        List<ConsumerRecord<String, String>> records = events.await(
                EventType.RESTORE_COMPLETED.topic(), r -> name.equals(BusClient.header(r, "ce_subject")), 1, TIMEOUT);
        assertThat(records).as("RestoreCompleted for " + name).hasSize(1);
        try {
            return CODEC.parse(EventType.RESTORE_COMPLETED, records.get(0).value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
