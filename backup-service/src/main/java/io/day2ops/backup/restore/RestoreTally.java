package io.day2ops.backup.restore;

import io.day2ops.backup.restore.RestoreItem.Action;
import java.util.List;
import java.util.Map;

/**
 * A restore's counts from its items. A dry run counts what the restore would do: an object the target has already
 * ({@code Unchanged}, {@code Differs}) is a conflict under {@code existingResourcePolicy: none}, else restored.
 *
 * @param restored created, updated or recreated (planned, for a dry run)
 * @param skipped left out
 * @param conflicts existed and left as they were
 * @param failed could not be restored
 */
public record RestoreTally(long restored, long skipped, long conflicts, long failed) {

    /** Kinds a drill verifies, by the resource names restore items carry. */
    private static final Map<String, String> VERIFIABLE = Map.of(
            "deployments.apps", "Deployment",
            "statefulsets.apps", "StatefulSet",
            "persistentvolumeclaims", "PersistentVolumeClaim",
            "services", "Service");

    /** The counts of {@code items}, restored with {@code existingResourcePolicy} (null is {@code none}). */
    public static RestoreTally of(List<RestoreItem> items, String existingResourcePolicy) {
        long existing = count(items, Action.Unchanged) + count(items, Action.Differs);
        boolean leavesExisting = existingResourcePolicy == null || "none".equals(existingResourcePolicy);
        return new RestoreTally(
                count(items, Action.Created)
                        + count(items, Action.Updated)
                        + count(items, Action.Recreated)
                        + count(items, Action.Planned)
                        + (leavesExisting ? 0 : existing),
                count(items, Action.Skipped),
                count(items, Action.Conflict) + (leavesExisting ? existing : 0),
                count(items, Action.Failed));
    }

    /** The Deployments, StatefulSets, PVCs and Services present in the target after the restore. */
    public static List<String> workloads(List<RestoreItem> items) {
        return items.stream()
                .filter(i -> i.action() == Action.Created
                        || i.action() == Action.Updated
                        || i.action() == Action.Recreated
                        || i.action() == Action.Conflict)
                .filter(i -> VERIFIABLE.containsKey(i.resource()))
                .map(i -> VERIFIABLE.get(i.resource()) + "/" + i.namespace() + "/" + i.name())
                .sorted()
                .toList();
    }

    private static long count(List<RestoreItem> items, Action action) {
        return items.stream().filter(i -> i.action() == action).count();
    }
}
