package io.day2ops.backup.restore;

/**
 * What a restore did with one backed-up object.
 *
 * @param resource Velero's resource name, {@code deployments.apps}
 * @param namespace the namespace restored into (after mapping), null for cluster-scoped objects
 * @param name the object's name
 * @param action what happened
 * @param message why, for anything but {@code Created}
 */
public record RestoreItem(String resource, String namespace, String name, Action action, String message) {

    /** What happened to an object. */
    public enum Action {
        /** Created in the target cluster. */
        Created,
        /** Existed and was patched to the backed-up state ({@code existingResourcePolicy: update}). */
        Updated,
        /** Would have been created or updated (dry run). */
        Planned,
        /** Existed and was left as it was ({@code existingResourcePolicy: none}). */
        Conflict,
        /** Left out: must not be restored, or filtered out. */
        Skipped,
        /** Could not be restored. */
        Failed
    }
}
