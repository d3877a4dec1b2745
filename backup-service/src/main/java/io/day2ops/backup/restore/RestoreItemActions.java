package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;

/** Prepares each backed-up object for creation: {@link ObjectSanitizer}, then every action that applies, in order. */
public final class RestoreItemActions {

    private final List<RestoreItemAction> actions;

    public RestoreItemActions(List<RestoreItemAction> actions) {
        this.actions = actions.stream()
                .sorted(Comparator.comparingInt(RestoreItemAction::order))
                .toList();
    }

    /**
     * What to create for {@code backedUp}, or why it is left out.
     *
     * @param item the object to create ({@code item.desired()}), sanitized and changed by the actions
     * @param skipReason why it is not restored, or null
     */
    public record Prepared(RestoreItemInput item, String skipReason) {}

    /**
     * Prepares one object of {@code resource} backed up in {@code sourceNamespace} (null when cluster-scoped). An
     * action's {@code KubernetesClientException} is thrown on: the item failed.
     */
    public Prepared prepare(String resource, ObjectNode backedUp, String sourceNamespace, RestoreContext restore) {
        ObjectNode desired = ObjectSanitizer.sanitize(backedUp, restore::map);
        RestoreItemInput item =
                new RestoreItemInput(resource, backedUp, desired, sourceNamespace, restore.map(sourceNamespace));
        for (RestoreItemAction action : actions) {
            if (action.appliesTo(resource)) {
                RestoreItemAction.Result result = action.execute(item, restore);
                if (result.skipped()) {
                    return new Prepared(item, result.skipReason());
                }
            }
        }
        return new Prepared(item, null);
    }
}
