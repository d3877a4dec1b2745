package io.day2ops.backup.restore.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.hooks.HookPolicy;
import io.day2ops.backup.hooks.PodHooks;
import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import io.day2ops.events.HookResult;
import io.day2ops.events.InitRestoreHook;
import io.day2ops.events.RestoreResourceHook;
import io.day2ops.events.RestoreResourceHookSpec;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Init restore hooks: restored pods get init containers placed before their own, from the pod's annotations ({@code
 * init.hook.restore.velero.io/container-image}, {@code …/container-name}, {@code …/command}) or from the request's
 * hook specs whose filters match the pod as backed up.
 */
@Singleton
public class InitContainerHooks implements RestoreItemAction {

    private static final String PREFIX = "init.hook.restore.velero.io/";

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("pods");
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        ObjectNode desired = item.desired();
        List<ObjectNode> added = new ArrayList<>();
        String hookName = PodHooks.ANNOTATED;
        JsonNode annotations = desired.path("metadata").path("annotations");
        String image = annotations.path(PREFIX + "container-image").asText("");
        if (!image.isEmpty()) {
            ObjectNode container = Json.MAPPER.createObjectNode();
            container.put("name", annotations.path(PREFIX + "container-name").asText("restore-hook"));
            container.put("image", image);
            String command = annotations.path(PREFIX + "command").asText("");
            if (!command.isEmpty()) {
                ArrayNode args = container.putArray("command");
                PodHooks.command(command).forEach(args::add);
            }
            added.add(container);
        } else {
            for (RestoreResourceHookSpec spec :
                    PodHooks.forRestore(restore.request().hooks(), desired, item.sourceNamespace())) {
                for (RestoreResourceHook step : spec.postHooks()) {
                    InitRestoreHook init = step.init();
                    if (init != null) {
                        hookName = spec.name();
                        for (Map<String, Object> container : init.initContainers()) {
                            added.add(Json.MAPPER.valueToTree(container));
                        }
                    }
                }
            }
        }
        if (added.isEmpty()) {
            return Result.proceed();
        }
        ObjectNode spec = desired.with("spec");
        ArrayNode existing = spec.has("initContainers") ? (ArrayNode) spec.get("initContainers") : null;
        ArrayNode containers = spec.putArray("initContainers");
        added.forEach(containers::add);
        if (existing != null) {
            containers.addAll(existing);
        }
        for (ObjectNode container : added) {
            List<String> command = new ArrayList<>();
            container.path("command").forEach(c -> command.add(c.asText()));
            restore.hookRan(new HookResult(
                    hookName,
                    "init",
                    item.targetNamespace(),
                    desired.path("metadata").path("name").asText(),
                    container.path("name").asText(),
                    HookPolicy.defaults().redact(command),
                    null,
                    "Added",
                    "Continue",
                    "init container " + container.path("name").asText() + " ("
                            + container.path("image").asText() + ") added"));
        }
        return Result.proceed();
    }
}
