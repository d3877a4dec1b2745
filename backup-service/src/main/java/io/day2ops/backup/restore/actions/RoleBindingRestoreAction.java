package io.day2ops.backup.restore.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;

/**
 * (Cluster)RoleBinding subjects follow the namespace mapping, so a ServiceAccount restored into a new namespace keeps
 * its permissions, as Velero's role binding action does.
 */
@Singleton
public class RoleBindingRestoreAction implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("rolebindings.rbac.authorization.k8s.io")
                || resource.equals("clusterrolebindings.rbac.authorization.k8s.io");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        for (JsonNode subject : item.desired().path("subjects")) {
            if (subject.hasNonNull("namespace")) {
                ((ObjectNode) subject)
                        .put("namespace", restore.map(subject.get("namespace").asText()));
            }
        }
        return Result.proceed();
    }
}
