package io.day2ops.backup.capture.actions;

import io.day2ops.backup.capture.BackupItem;
import io.day2ops.backup.capture.BackupItemAction;
import io.day2ops.backup.capture.CaptureContext;
import jakarta.inject.Singleton;

/**
 * A captured PersistentVolumeClaim brings the PersistentVolume it is bound to into the backup (Velero's PVC action
 * returns it as an additional item), and its volume may be snapshotted.
 */
@Singleton
public class ClaimBackupAction implements BackupItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("persistentvolumeclaims");
    }

    @Override
    public void execute(BackupItem item, CaptureContext capture) {
        capture.claim(item.key());
        String volume = item.object().path("spec").path("volumeName").asText("");
        if (!volume.isEmpty()) {
            capture.need("persistentvolumes", volume);
        }
    }
}
