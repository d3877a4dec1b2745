package io.day2ops.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The samples of Velero's API type documentation (test resources {@code velero/}), as a Velero user pastes them: they
 * parse ({@code null} is unset), every field day2ops does not act on is named, and a field whose absence would lose
 * data refuses the request with the alternative.
 */
class VeleroFieldsTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void theDocumentedBackupParsesItsNullsAsUnsetAndIsRefusedForItsFileSystemVolumeBackup() throws Exception {
        ObjectNode sample = sample("backup");

        BackupRequested request = codec.parse(EventType.BACKUP_REQUESTED, sample.toString());

        assertThat(request.includeClusterResources()).as("null is unset").isNull();
        assertThat(request.snapshotVolumes()).as("null is unset").isNull();
        assertThat(VeleroFields.refusal(EventType.BACKUP_REQUESTED, sample))
                .startsWith("defaultVolumesToFsBackup: a file-system backup of pod volumes")
                .contains("use snapshotVolumes: true");
    }

    @Test
    void withoutItEveryFieldDayTwoOpsDoesNotActOnIsAWarningNamingIt() throws Exception {
        ObjectNode sample = sample("backup");
        sample.remove("defaultVolumesToFsBackup");
        sample.put("includedNamspaces", "typo");
        assertThat(VeleroFields.refusal(EventType.BACKUP_REQUESTED, sample))
                .as("the sample gives labelSelector and orLabelSelectors, which Velero refuses together too")
                .startsWith("labelSelector, orLabelSelectors: only one can be given");
        sample.remove("labelSelector");

        assertThat(VeleroFields.refusal(EventType.BACKUP_REQUESTED, sample)).isNull();
        List<String> warnings = VeleroFields.warnings(EventType.BACKUP_REQUESTED, sample);

        assertThat(warnings)
                .extracting(w -> w.substring(0, w.indexOf(" was ignored")))
                .containsExactly(
                        "Velero field 'itemOperationTimeout' is not implemented and",
                        "Velero field 'resourcePolicy' is not implemented and",
                        "Velero field 'volumeSnapshotLocations' is not implemented and",
                        "Velero field 'orderedResources' is not implemented and",
                        "Velero field 'datamover' is not implemented and",
                        "Velero field 'uploaderConfig' is not implemented and",
                        "unknown field 'includedNamspaces'");
        assertThat(warnings).noneMatch(w -> w.contains("snapshotMoveData")); // false is what day2ops does
        assertThat(warnings.get(warnings.size() - 1)).endsWith("neither day2ops nor Velero has it (a typo?)");
    }

    @Test
    void theDocumentedRestoreIsRefusedForItsTwoKindsOfSelectorAndWarnsOfWhatItIgnores() throws Exception {
        ObjectNode sample = sample("restore");

        RestoreRequested request = codec.parse(EventType.RESTORE_REQUESTED, sample.toString());

        assertThat(request.backupName()).isEqualTo("a");
        assertThat(request.scheduleName())
                .as("Velero's scheduleName is a field of day2ops too")
                .isNotNull();
        assertThat(request.orLabelSelectors()).hasSize(2);
        assertThat(VeleroFields.refusal(EventType.RESTORE_REQUESTED, sample))
                .startsWith("labelSelector, orLabelSelectors: only one can be given (Velero refuses both too)");
        sample.remove("labelSelector");
        assertThat(VeleroFields.refusal(EventType.RESTORE_REQUESTED, sample)).isNull();
        assertThat(VeleroFields.warnings(EventType.RESTORE_REQUESTED, sample))
                .extracting(w -> w.substring(0, w.indexOf(" was ignored")))
                .containsExactly(
                        "Velero field 'itemOperationTimeout' is not implemented and",
                        "Velero field 'uploaderConfig' is not implemented and",
                        "Velero field 'restoreStatus' is not implemented and");
    }

    @Test
    void theOlderResourceFiltersAndTheScopedOnesAreRefusedTogetherAndEachIsAcceptedAlone() throws Exception {
        ObjectNode request = new ObjectMapper().createObjectNode();
        request.put("name", "scoped").put("cluster", "primary");
        request.putArray("includedClusterScopedResources").add("storageclasses.storage.k8s.io");
        request.putArray("excludedNamespaceScopedResources").add("secrets");
        request.putArray("includedResources");
        request.putNull("includeClusterResources");

        assertThat(VeleroFields.refusal(EventType.BACKUP_REQUESTED, request))
                .as("empty and null old filters are unset")
                .isNull();
        assertThat(VeleroFields.warnings(EventType.BACKUP_REQUESTED, request)).isEmpty();
        BackupRequested parsed = codec.parse(EventType.BACKUP_REQUESTED, request.toString());
        assertThat(parsed.scopedResourceFilters()).isTrue();
        assertThat(parsed.excludedNamespaceScopedResources()).containsExactly("secrets");

        request.put("includeClusterResources", false);
        assertThat(VeleroFields.refusal(EventType.BACKUP_REQUESTED, request))
                .startsWith("includeClusterResources, includedClusterScopedResources: the older resource filters")
                .endsWith("use one kind");
        assertThat(VeleroFields.refusal(EventType.RESTORE_REQUESTED, request))
                .as("a restore has no scoped filters to mix")
                .isNull();
    }

    @Test
    void aRequestOfOnlyDayTwoOpsFieldsHasNoWarning() {
        ObjectNode request = new ObjectMapper().createObjectNode();
        request.put("name", "nightly").put("cluster", "primary").put("snapshotVolumes", false);
        request.putNull("ttl");

        assertThat(VeleroFields.warnings(EventType.BACKUP_REQUESTED, request)).isEmpty();
        assertThat(VeleroFields.refusal(EventType.BACKUP_REQUESTED, request)).isNull();
    }

    static ObjectNode sample(String type) throws IOException {
        try (InputStream in = VeleroFieldsTest.class.getResourceAsStream("/velero/" + type + ".json")) {
            JsonNode sample = new ObjectMapper().readTree(in);
            return (ObjectNode) sample;
        }
    }
}
