package io.day2ops.backup.restore.actions;

import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;

/**
 * A Namespace is created under its mapped name; its {@code spec} (finalizers) is the target cluster's to set. A drill's
 * restore marks the namespaces it creates as its own.
 */
@Singleton
public class NamespaceRestoreAction implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("namespaces");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        item.desired().with("metadata").put("name", restore.map(item.name()));
        item.desired().remove("spec");
        if (restore.drillNamespaces() != null) {
            restore.drillNamespaces().mark(item.desired());
        }
        return Result.proceed();
    }
}
