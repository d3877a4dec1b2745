package io.day2ops.backup.restore.actions;

import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;

/** A ServiceAccount's token Secrets are the target cluster's to issue, so its {@code secrets} list is dropped. */
@Singleton
public class ServiceAccountRestoreAction implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("serviceaccounts");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        item.desired().remove("secrets");
        return Result.proceed();
    }
}
