package io.day2ops.backup.capture.actions;

import io.day2ops.backup.capture.BackupItem;
import io.day2ops.backup.capture.BackupItemAction;
import io.day2ops.backup.capture.CaptureContext;
import io.day2ops.backup.domain.Owners;
import jakarta.inject.Singleton;

/**
 * Pods and ReplicaSets a controller owns are backed up for the record, and counted as not restored: their controller
 * recreates them (the manifest says how many, so a restore's report adds up).
 */
@Singleton
public class ControllerOwnedBackupAction implements BackupItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("pods") || resource.equals("replicasets.apps");
    }

    @Override
    public void execute(BackupItem item, CaptureContext capture) {
        if (Owners.ownedByController(item.object())) {
            item.marks().notRestored();
        }
    }
}
