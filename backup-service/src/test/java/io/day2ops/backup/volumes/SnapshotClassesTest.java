package io.day2ops.backup.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.backup.domain.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotClassesTest {

    private static final JsonNode FAST = snapshotClass("fast", "ebs.csi.aws.com", "Delete", Map.of(), Map.of());
    private static final JsonNode DEFAULT = snapshotClass(
            "default",
            "ebs.csi.aws.com",
            "Retain",
            Map.of(),
            Map.of("snapshot.storage.kubernetes.io/is-default-class", "true"));
    private static final JsonNode VELERO = snapshotClass(
            "velero", "ebs.csi.aws.com", "Delete", Map.of("velero.io/csi-volumesnapshot-class", "true"), Map.of());
    private static final JsonNode OTHER_DRIVER =
            snapshotClass("gce", "pd.csi.storage.gke.io", "Delete", Map.of(), Map.of());

    @Test
    void theClaimsAnnotationThenTheRequestThenTheLocationWhenTheyServeTheDriver() {
        List<JsonNode> classes = List.of(FAST, DEFAULT, VELERO, OTHER_DRIVER);
        assertThat(SnapshotClasses.choose("ebs.csi.aws.com", "fast", "velero", "default", classes)
                        .name())
                .isEqualTo("fast");
        assertThat(SnapshotClasses.choose("ebs.csi.aws.com", null, "fast", "default", classes)
                        .name())
                .isEqualTo("fast");
        assertThat(SnapshotClasses.choose("ebs.csi.aws.com", null, "gce", "fast", classes)
                        .name())
                .as("the request's class is for another driver: the location's")
                .isEqualTo("fast");
        assertThat(SnapshotClasses.choose("ebs.csi.aws.com", "gce", null, null, classes)
                        .reason())
                .contains("is not for CSI driver ebs.csi.aws.com");
    }

    @Test
    void elseVelerosLabelThenTheDefaultThenTheOnlyClass() {
        assertThat(SnapshotClasses.choose("ebs.csi.aws.com", null, null, null, List.of(FAST, DEFAULT, VELERO)))
                .isEqualTo(new SnapshotClasses.Choice("velero", "Delete", null));
        assertThat(SnapshotClasses.choose("ebs.csi.aws.com", null, null, null, List.of(FAST, DEFAULT)))
                .isEqualTo(new SnapshotClasses.Choice("default", "Retain", null));
        assertThat(SnapshotClasses.choose("ebs.csi.aws.com", null, null, null, List.of(FAST, OTHER_DRIVER))
                        .name())
                .isEqualTo("fast");
    }

    @Test
    void noClassSaysWhy() {
        assertThat(SnapshotClasses.choose("rancher.io/local-path", null, null, null, List.of(FAST))
                        .reason())
                .isEqualTo("no VolumeSnapshotClass for CSI driver rancher.io/local-path");
        assertThat(SnapshotClasses.choose(
                                "ebs.csi.aws.com",
                                null,
                                null,
                                null,
                                List.of(FAST, snapshotClass("slow", "ebs.csi.aws.com", "Delete", Map.of(), Map.of())))
                        .reason())
                .contains("2 VolumeSnapshotClasses for CSI driver ebs.csi.aws.com and none is the default");
        assertThat(SnapshotClasses.choose("", null, null, null, List.of(FAST)).reason())
                .contains("not a CSI volume");
    }

    private static JsonNode snapshotClass(
            String name, String driver, String policy, Map<String, String> labels, Map<String, String> annotations) {
        return Json.MAPPER.valueToTree(Map.of(
                "metadata",
                Map.of("name", name, "labels", labels, "annotations", annotations),
                "driver",
                driver,
                "deletionPolicy",
                policy));
    }
}
