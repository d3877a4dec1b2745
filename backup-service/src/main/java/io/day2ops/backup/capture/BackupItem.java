package io.day2ops.backup.capture;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One object on its way into a backup.
 *
 * @param resource Velero's resource name, {@code persistentvolumeclaims}
 * @param namespace its namespace, null for cluster-scoped objects
 * @param object the object as listed (actions read it; what is written is this document)
 * @param marks what actions decided about it
 */
public record BackupItem(String resource, String namespace, ObjectNode object, Marks marks) {

    public BackupItem(String resource, String namespace, ObjectNode object) {
        this(resource, namespace, object, new Marks());
    }

    public String name() {
        return object.path("metadata").path("name").asText();
    }

    /** {@code namespace/name}, as hooks and volume snapshots name pods and claims. */
    public String key() {
        return namespace + "/" + name();
    }

    /** What actions decided about an item: whether it is sealed, whether a restore will leave it out. */
    public static final class Marks {
        private boolean sealed;
        private boolean notRestored;

        /** The document is encrypted with the backup's data key (when a key is configured). */
        public void seal() {
            sealed = true;
        }

        public boolean sealed() {
            return sealed;
        }

        /** Recorded for the record, but a restore recreates it otherwise (e.g. through its controller). */
        public void notRestored() {
            notRestored = true;
        }

        public boolean isNotRestored() {
            return notRestored;
        }
    }
}
