package io.day2ops.backup.capture.actions;

import io.day2ops.backup.capture.BackupItem;
import io.day2ops.backup.capture.BackupItemAction;
import io.day2ops.backup.capture.CaptureContext;
import jakarta.inject.Singleton;

/** Secrets are sealed: encrypted with the backup's data key before they reach the storage location. */
@Singleton
public class SecretBackupAction implements BackupItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("secrets");
    }

    @Override
    public void execute(BackupItem item, CaptureContext capture) {
        item.marks().seal();
    }
}
