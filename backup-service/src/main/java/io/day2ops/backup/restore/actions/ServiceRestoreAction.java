package io.day2ops.backup.restore.actions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;

/**
 * A Service gets cluster IPs from the target cluster (headless ones stay headless) and, unless {@code
 * preserveNodePorts} is asked, new node ports, as Velero's service action does.
 */
@Singleton
public class ServiceRestoreAction implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("services");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        ObjectNode spec = item.spec();
        if (spec == null) {
            return Result.proceed();
        }
        if (!"None".equals(spec.path("clusterIP").asText())) {
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
        }
        spec.remove("healthCheckNodePort");
        if (!Boolean.TRUE.equals(restore.request().preserveNodePorts())) {
            spec.path("ports").forEach(port -> ((ObjectNode) port).remove("nodePort"));
        }
        return Result.proceed();
    }
}
