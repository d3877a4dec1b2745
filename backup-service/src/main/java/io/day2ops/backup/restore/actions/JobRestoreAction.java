package io.day2ops.backup.restore.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A Job's selector and the controller-uid labels of its template name the source cluster's Job; the API server sets
 * new ones, and refuses the old ones, so they go (Velero's job action).
 */
@Singleton
public class JobRestoreAction implements RestoreItemAction {

    private static final List<String> CONTROLLER_LABELS =
            List.of("controller-uid", "batch.kubernetes.io/controller-uid", "job-name", "batch.kubernetes.io/job-name");

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("jobs.batch");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        ObjectNode spec = item.spec();
        if (spec == null) {
            return Result.proceed();
        }
        spec.remove("selector");
        if (spec.path("template").path("metadata").path("labels") instanceof ObjectNode labels) {
            CONTROLLER_LABELS.forEach(labels::remove);
        }
        return Result.proceed();
    }
}
