package io.day2ops.backup.restore;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A change a restore makes to one kind of object before creating it, as Velero's restore item actions: one small
 * class per concern instead of a growing switch.
 */
interface RestoreItemAction {

    /** Whether this action changes objects of {@code resource} (Velero's name, {@code statefulsets.apps}). */
    boolean appliesTo(String resource);

    /**
     * Changes {@code desired} (already sanitized and mapped) in place.
     *
     * @param sourceNamespace the namespace in the backup, null for cluster-scoped objects
     * @param targetNamespace the namespace restored into
     */
    void execute(ObjectNode desired, String sourceNamespace, String targetNamespace);
}
