package io.day2ops.backup.restore.actions;

import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;

/**
 * A PersistentVolume is not restored from its document: its claim is provisioned anew, and volume data comes back
 * from volume snapshots ({@link ClaimFromSnapshot}).
 */
@Singleton
public class PersistentVolumeSkip implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("persistentvolumes");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        return Result.skip("a PersistentVolume is not restored from its document: its claim is provisioned anew"
                + " (volume data comes back with volume snapshots)");
    }

    @Override
    public int order() {
        return 0;
    }
}
