package io.day2ops.backup.restore.actions;

import io.day2ops.backup.domain.Owners;
import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;

/** Pods and ReplicaSets a controller owns are left to that controller, which recreates them from its template. */
@Singleton
public class ControllerOwnedSkip implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("pods") || resource.equals("replicasets.apps");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        return Owners.ownedByController(item.backedUp())
                ? Result.skip("owned by a controller, which recreates it")
                : Result.proceed();
    }

    @Override
    public int order() {
        return 0;
    }
}
