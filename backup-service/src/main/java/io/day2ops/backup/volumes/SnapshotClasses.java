package io.day2ops.backup.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Which VolumeSnapshotClass snapshots a claim, as Velero chooses it: the claim's {@value #CLAIM_ANNOTATION}
 * annotation, else the class the request names, else the storage location's, when that class serves the claim's CSI
 * driver; else the driver's class labelled {@value #VELERO_LABEL}{@code =true}, its default class ({@value
 * #DEFAULT_ANNOTATION}), or its only class. Plain Java.
 */
public final class SnapshotClasses {

    public static final String CLAIM_ANNOTATION = "velero.io/csi-volumesnapshot-class";
    static final String VELERO_LABEL = "velero.io/csi-volumesnapshot-class";
    static final String DEFAULT_ANNOTATION = "snapshot.storage.kubernetes.io/is-default-class";

    private SnapshotClasses() {}

    /**
     * The chosen class, or why there is none.
     *
     * @param name the class's name, null when there is none
     * @param deletionPolicy the class's {@code deletionPolicy}
     * @param reason why there is no class, null when there is one
     */
    public record Choice(String name, String deletionPolicy, String reason) {}

    /**
     * @param driver the claim's CSI driver, empty when its volume is not a CSI volume
     * @param claimClass the claim's annotation, or null
     * @param requestClass the request's {@code volumeSnapshotClass}, or null
     * @param locationClass the storage location's class, or null
     * @param classes every VolumeSnapshotClass of the cluster
     */
    public static Choice choose(
            String driver, String claimClass, String requestClass, String locationClass, List<JsonNode> classes) {
        if (driver == null || driver.isEmpty()) {
            return new Choice(null, null, "its volume is not a CSI volume (or the claim is not bound)");
        }
        if (claimClass != null && !claimClass.isBlank()) {
            JsonNode named = named(classes, claimClass);
            if (named == null || !driver.equals(named.path("driver").asText())) {
                return new Choice(
                        null,
                        null,
                        "its annotation " + CLAIM_ANNOTATION + " names VolumeSnapshotClass " + claimClass + ", which "
                                + (named == null ? "does not exist" : "is not for CSI driver " + driver));
            }
            return choice(named);
        }
        for (String wanted : new String[] {requestClass, locationClass}) {
            JsonNode named = wanted == null ? null : named(classes, wanted);
            if (named != null && driver.equals(named.path("driver").asText())) {
                return choice(named);
            }
        }
        List<JsonNode> forDriver = classes.stream()
                .filter(c -> driver.equals(c.path("driver").asText()))
                .toList();
        for (JsonNode candidate : forDriver) {
            if ("true"
                    .equals(candidate
                            .path("metadata")
                            .path("labels")
                            .path(VELERO_LABEL)
                            .asText())) {
                return choice(candidate);
            }
        }
        for (JsonNode candidate : forDriver) {
            if ("true"
                    .equals(candidate
                            .path("metadata")
                            .path("annotations")
                            .path(DEFAULT_ANNOTATION)
                            .asText())) {
                return choice(candidate);
            }
        }
        if (forDriver.size() == 1) {
            return choice(forDriver.get(0));
        }
        return new Choice(
                null,
                null,
                forDriver.isEmpty()
                        ? "no VolumeSnapshotClass for CSI driver " + driver
                        : forDriver.size() + " VolumeSnapshotClasses for CSI driver " + driver
                                + " and none is the default; label one " + VELERO_LABEL + "=true or name one in"
                                + " the request's volumeSnapshotClass");
    }

    private static JsonNode named(List<JsonNode> classes, String name) {
        return classes.stream()
                .filter(c -> name.equals(c.path("metadata").path("name").asText()))
                .findFirst()
                .orElse(null);
    }

    private static Choice choice(JsonNode snapshotClass) {
        return new Choice(
                snapshotClass.path("metadata").path("name").asText(),
                snapshotClass.path("deletionPolicy").asText("Delete"),
                null);
    }
}
