package io.day2ops.backup.capture;

import java.util.List;

/**
 * What a backup does with one kind of object as it captures it, as Velero's backup item actions: mark it for
 * encryption, record what it implies (the volume a claim is bound to, a pod hooks may run in). One small class per
 * kind or concern; every implementation is a bean {@link BackupCapture} is given, so adding behaviour for a kind is
 * adding a class (and its test).
 */
public interface BackupItemAction {

    /** Whether this action looks at objects of {@code resource} (Velero's name, {@code persistentvolumeclaims}). */
    boolean appliesTo(String resource);

    /** Looks at one captured object; may mark it, and records what it implies in {@code capture}. Never blocks. */
    void execute(BackupItem item, CaptureContext capture);

    /** Runs every action of {@code actions} that applies to {@code item}, in their order. */
    static void applyAll(List<BackupItemAction> actions, BackupItem item, CaptureContext capture) {
        for (BackupItemAction action : actions) {
            if (action.appliesTo(item.resource())) {
                action.execute(item, capture);
            }
        }
    }
}
