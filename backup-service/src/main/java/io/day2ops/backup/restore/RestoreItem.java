package io.day2ops.backup.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a restore did with one backed-up object.
 *
 * @param resource Velero's resource name, {@code deployments.apps}
 * @param namespace the namespace restored into (after mapping), null for cluster-scoped objects
 * @param name the object's name
 * @param action what happened
 * @param message why, for anything but {@code Created}
 * @param patch for a dry run's {@code Differs}: the RFC 6902 JSON patch restoring it would apply to the live object
 */
public record RestoreItem(
        String resource,
        String namespace,
        String name,
        Action action,
        String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode patch) {

    public RestoreItem(String resource, String namespace, String name, Action action, String message) {
        this(resource, namespace, name, action, message, null);
    }

    /** What happened to an object. */
    public enum Action {
        /** Created in the target cluster. */
        Created,
        /** Existed and was patched to the backed-up state ({@code existingResourcePolicy: update}). */
        Updated,
        /** Existed, was deleted and created from the backup ({@code existingResourcePolicy: recreate}). */
        Recreated,
        /** Would be created: the target does not have it (dry run). */
        Planned,
        /** Exists in the target exactly as the backup holds it (dry run). */
        Unchanged,
        /** Exists in the target and differs from the backup; {@code patch} says how (dry run). */
        Differs,
        /** Existed and was left as it was ({@code existingResourcePolicy: none}, or {@code recreate} refused). */
        Conflict,
        /** Left out: must not be restored, or filtered out. */
        Skipped,
        /** Could not be restored. */
        Failed
    }
}
