package io.day2ops.backup.capture.actions;

import io.day2ops.backup.capture.BackupItem;
import io.day2ops.backup.capture.BackupItemAction;
import io.day2ops.backup.capture.CaptureContext;
import io.day2ops.backup.hooks.PodHooks;
import jakarta.inject.Singleton;

/**
 * A captured pod may run backup hooks: remembered when it carries Velero's hook annotations, or when the request
 * declares hooks (whose filters are matched later). Other pods are not remembered, so an ordinary backup makes no
 * extra API calls for hooks.
 */
@Singleton
public class PodBackupAction implements BackupItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("pods");
    }

    @Override
    public void execute(BackupItem item, CaptureContext capture) {
        if (capture.requestHasHooks() || PodHooks.annotated(item.object())) {
            capture.podForHooks(item.key());
        }
    }
}
