package io.day2ops.backup.restore.actions;

import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;

/** A bare Pod is scheduled by the target cluster: the node it ran on may not exist there. */
@Singleton
public class PodRestoreAction implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("pods");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        if (item.spec() != null) {
            item.spec().remove("nodeName");
        }
        return Result.proceed();
    }

    @Override
    public int order() {
        return 10;
    }
}
