package io.day2ops.backup.restore.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A HorizontalPodAutoscaler read as {@code autoscaling/v1} carries its v2 status in annotations ({@code
 * autoscaling.alpha.kubernetes.io/conditions}, {@code …/current-metrics}): the source cluster's measurements, which
 * would show stale scaling conditions in the target until the controller's first sync. They go; the spec annotations
 * ({@code …/metrics}, {@code …/behavior}) stay.
 */
@Singleton
public class HorizontalPodAutoscalerRestoreAction implements RestoreItemAction {

    static final List<String> STATUS_ANNOTATIONS =
            List.of("autoscaling.alpha.kubernetes.io/conditions", "autoscaling.alpha.kubernetes.io/current-metrics");

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("horizontalpodautoscalers.autoscaling");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        ObjectNode metadata = item.desired().with("metadata");
        if (metadata.path("annotations") instanceof ObjectNode annotations) {
            STATUS_ANNOTATIONS.forEach(annotations::remove);
            if (annotations.isEmpty()) {
                metadata.remove("annotations");
            }
        }
        return Result.proceed();
    }
}
