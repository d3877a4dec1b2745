package io.day2ops.backup.restore.actions;

import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;

/** A PersistentVolumeClaim is provisioned anew: the volume it was bound to belongs to the source cluster. */
@Singleton
public class ClaimRestoreAction implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("persistentvolumeclaims");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        if (item.spec() != null) {
            item.spec().remove("volumeName");
        }
        return Result.proceed();
    }

    @Override
    public int order() {
        return 10;
    }
}
