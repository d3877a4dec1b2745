package io.day2ops.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request carries that day2ops does not do, so that a Velero spec pasted as Velero documents it behaves as its
 * users expect: never silently. A Velero field day2ops does not implement is a warning naming it and what to use
 * instead; one whose absence would lose data the request depends on (a file-system volume backup, moving snapshot
 * data) refuses the request, with the supported alternative; a field neither day2ops nor Velero knows (a typo) is a
 * warning too. {@code null} means unset, as in Velero ({@link EventCodec} drops such fields before validating).
 */
public final class VeleroFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Velero's BackupSpec fields day2ops ignores, and what it does instead. */
    private static final Map<String, String> BACKUP_IGNORED = ordered(
            "volumeSnapshotLocations",
            "volumes are snapshotted with CSI (snapshotVolumes, a VolumeSnapshotClass per claim), not through volume"
                    + " snapshot locations",
            "orderedResources",
            "objects are backed up resource by resource; a per-object order is not kept",
            "itemOperationTimeout",
            "there are no asynchronous item operations (no data mover); csiSnapshotTimeout bounds the snapshot wait",
            "resourcePolicy",
            "resource policies are not read; use includedResources/excludedResources and labelSelector",
            "datamover",
            "there is no data mover",
            "uploaderConfig",
            "there is no file-system uploader",
            "volumeGroupSnapshotLabelKey",
            "volumes are snapshotted one claim at a time",
            "metadata",
            "labels for the backup are not kept",
            "defaultVolumesToRestic",
            "there is no file-system volume backup (false is what day2ops does)",
            "defaultVolumesToFsBackup",
            "there is no file-system volume backup (false is what day2ops does)",
            "snapshotMoveData",
            "snapshot data stays in the storage system (false is what day2ops does)");

    /** Velero's RestoreSpec fields day2ops ignores, and what it does instead. */
    private static final Map<String, String> RESTORE_IGNORED = ordered(
            "restoreStatus",
            "status is never restored: the target's controllers write it",
            "includeClusterResources",
            "cluster-scoped objects in the backup are restored as includedResources/excludedResources say",
            "itemOperationTimeout",
            "there are no asynchronous item operations (no data mover)",
            "uploaderConfig",
            "there is no file-system uploader");

    /** Fields that, set to true, refuse a backup: ignoring them would leave out data the request depends on. */
    private static final Map<String, String> BACKUP_REFUSED = ordered(
            "defaultVolumesToFsBackup",
            "a file-system backup of pod volumes (Velero's Kopia/restic uploader) is not implemented, so the volumes'"
                    + " data would not be in this backup; use snapshotVolumes: true (a CSI snapshot of every captured"
                    + " claim, kept with the backup) and leave defaultVolumesToFsBackup out",
            "defaultVolumesToRestic",
            "a file-system backup of pod volumes (restic) is not implemented, so the volumes' data would not be in"
                    + " this backup; use snapshotVolumes: true (a CSI snapshot of every captured claim, kept with the"
                    + " backup) and leave defaultVolumesToRestic out",
            "snapshotMoveData",
            "moving snapshot data into the backup location (Velero's data mover) is not implemented, so the data"
                    + " would stay only in the cluster's storage system; use snapshotVolumes: true (the snapshots'"
                    + " contents are retained with the backup) and leave snapshotMoveData out");

    /** Fields that refuse a restore when present: ignoring them would restore something other than asked. */
    private static final Map<String, String> RESTORE_REFUSED = ordered(
            "resourceModifier",
            "resource modifiers are not implemented, so the objects would be restored unmodified; use namespaceMapping"
                    + " and storageClassMapping, or restore and patch");

    private static final Map<EventType<?>, Set<String>> KNOWN = new LinkedHashMap<>();

    private VeleroFields() {}

    /** Velero's older resource filters, which its scoped filters replace: a request may use one kind, not both. */
    private static final List<String> OLD_RESOURCE_FILTERS =
            List.of("includedResources", "excludedResources", "includeClusterResources");

    private static final List<String> SCOPED_RESOURCE_FILTERS = List.of(
            "includedClusterScopedResources",
            "excludedClusterScopedResources",
            "includedNamespaceScopedResources",
            "excludedNamespaceScopedResources");

    /**
     * Why the request must be refused, or null: a field whose absence would lose data is set ({@code
     * defaultVolumesToFsBackup: true}, {@code snapshotMoveData: true}, a {@code resourceModifier}), or fields Velero
     * refuses together are ({@code labelSelector} with {@code orLabelSelectors}; the older resource filters with the
     * scoped ones) — which one applies would be a guess.
     */
    public static String refusal(EventType<?> type, JsonNode data) {
        Map<String, String> refused = type == EventType.BACKUP_REQUESTED
                ? BACKUP_REFUSED
                : type == EventType.RESTORE_REQUESTED ? RESTORE_REFUSED : Map.of();
        for (Map.Entry<String, String> field : refused.entrySet()) {
            JsonNode value = data.path(field.getKey());
            boolean set = value.isBoolean() ? value.asBoolean() : !value.isMissingNode() && !value.isNull();
            if (set) {
                return field.getKey() + ": " + field.getValue();
            }
        }
        return conflict(type, data);
    }

    /** Fields Velero refuses together, or null. */
    private static String conflict(EventType<?> type, JsonNode data) {
        if (type == EventType.BACKUP_REQUESTED || type == EventType.RESTORE_REQUESTED) {
            if (set(data.path("labelSelector")) && set(data.path("orLabelSelectors"))) {
                return "labelSelector, orLabelSelectors: only one can be given (Velero refuses both too): an object"
                        + " matching one of orLabelSelectors but not labelSelector would be a guess; put the"
                        + " labelSelector's terms into each of the orLabelSelectors, or drop one";
            }
        }
        if (type == EventType.BACKUP_REQUESTED) {
            String old = OLD_RESOURCE_FILTERS.stream()
                    .filter(f -> set(data.path(f)))
                    .findFirst()
                    .orElse(null);
            String scoped = SCOPED_RESOURCE_FILTERS.stream()
                    .filter(f -> set(data.path(f)))
                    .findFirst()
                    .orElse(null);
            if (old != null && scoped != null) {
                return old + ", " + scoped + ": the older resource filters (includedResources, excludedResources,"
                        + " includeClusterResources) and the scoped ones (included/excluded ClusterScoped/"
                        + "NamespaceScoped Resources) cannot be mixed (Velero refuses this too); use one kind";
            }
        }
        return null;
    }

    /** Whether a field is given: present, not null, not an empty list. */
    private static boolean set(JsonNode value) {
        return !value.isMissingNode() && !value.isNull() && !(value.isArray() && value.isEmpty());
    }

    /**
     * One warning per field of {@code data} that day2ops does not act on: Velero fields it does not implement (what it
     * does instead) and fields nobody knows. Empty for a request of only day2ops fields.
     */
    public static List<String> warnings(EventType<?> type, JsonNode data) {
        Map<String, String> ignored = type == EventType.BACKUP_REQUESTED
                ? BACKUP_IGNORED
                : type == EventType.RESTORE_REQUESTED ? RESTORE_IGNORED : Map.of();
        Set<String> known = known(type);
        List<String> warnings = new ArrayList<>();
        for (Iterator<String> names = data.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (known.contains(name) || data.get(name).isNull()) {
                continue;
            }
            if (ignored.containsKey(name)) {
                JsonNode value = data.get(name);
                if (value.isBoolean() && !value.asBoolean() && ignored.get(name).contains("(false is what")) {
                    continue; // false asks for what day2ops does
                }
                warnings.add("Velero field '" + name + "' is not implemented and was ignored: " + ignored.get(name));
            } else {
                warnings.add("unknown field '" + name + "' was ignored: neither day2ops nor Velero has it (a typo?)");
            }
        }
        return warnings;
    }

    /** The fields of {@code type}'s schema. */
    static synchronized Set<String> known(EventType<?> type) {
        return KNOWN.computeIfAbsent(type, t -> {
            try (InputStream in = VeleroFields.class.getResourceAsStream(t.schemaResource())) {
                Set<String> names = new LinkedHashSet<>();
                JSON.readTree(in).path("properties").fieldNames().forEachRemaining(names::add);
                return names;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + t.schemaResource(), e);
            }
        });
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
