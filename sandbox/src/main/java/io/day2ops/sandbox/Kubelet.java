package io.day2ops.sandbox;

import static io.day2ops.sandbox.KubeObjects.name;
import static io.day2ops.sandbox.KubeObjects.ns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The kubelet: scheduled Pods run and turn Ready after their readiness probe's {@code initialDelaySeconds}; an image tagged {@code broken*} never pulls, {@code crash*} crash-loops. */
final class Kubelet extends SimulatedController {

    Kubelet(Store store, double speed, Map<String, Long> startedAt) {
        super(store, speed, startedAt);
    }

    @Override
    public void reconcile(ReconcilePass pass) {
        for (JsonNode pod : pass.list(ReconcilePass.PODS)) {
            kubelet(pod, pass.now());
        }
    }

    private void kubelet(JsonNode pod, long now) {
        String uid = pod.path("metadata").path("uid").asText();
        Long started = startedAt.get(uid);
        if (started == null) {
            if (pod.path("spec").path("nodeName").asText().isEmpty()) {
                return;
            }
            startedAt.put(uid, now);
            started = now;
        }
        if (brokenContainers(pod)) {
            return;
        }
        long delay = 0;
        for (JsonNode container : pod.path("spec").path("containers")) {
            delay = Math.max(
                    delay,
                    container.path("readinessProbe").path("initialDelaySeconds").asLong(0) * 1000);
        }
        boolean ready = now - started >= delay / speed;
        if (Selectors.isReady(pod) == ready
                && "Running".equals(pod.path("status").path("phase").asText())) {
            return;
        }
        ObjectNode status = JSON.createObjectNode();
        status.put("phase", "Running");
        status.put(
                "hostIP",
                "10.0.0." + (Math.abs(pod.path("spec").path("nodeName").asText().hashCode()) % 250 + 1));
        status.put(
                "podIP",
                "10.244." + ThreadLocalRandom.current().nextInt(1, 250) + "."
                        + ThreadLocalRandom.current().nextInt(1, 250));
        status.put("startTime", ApiResponses.now());
        ArrayNode conditions = status.putArray("conditions");
        for (String type : List.of("Initialized", "PodScheduled")) {
            conditions.addObject().put("type", type).put("status", "True");
        }
        conditions.addObject().put("type", "ContainersReady").put("status", ready ? "True" : "False");
        conditions.addObject().put("type", "Ready").put("status", ready ? "True" : "False");
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode container : pod.path("spec").path("containers")) {
            ObjectNode cs = containers.addObject();
            cs.put("name", container.path("name").asText());
            cs.put("image", container.path("image").asText());
            cs.put("ready", ready);
            cs.put("started", true);
            cs.put("restartCount", 0);
            cs.putObject("state").putObject("running").put("startedAt", ApiResponses.now());
        }
        writeStatus("/api/v1/namespaces/" + ns(pod) + "/pods/" + name(pod), pod, status);
    }

    /**
     * What the sandbox's kubelet makes of an image it cannot run: a tag starting with {@code broken} (e.g.
     * {@code nginx:broken}) cannot be pulled (pod Pending, ImagePullBackOff); a tag starting with {@code crash} starts
     * and exits again (pod Running, CrashLoopBackOff). Neither ever turns Ready. Returns whether the pod has such an
     * image (its status then written once).
     */
    private boolean brokenContainers(JsonNode pod) {
        String reason = null;
        for (JsonNode container : pod.path("spec").path("containers")) {
            String failure = imageFailure(container.path("image").asText());
            if (failure != null) {
                reason = reason == null || "ImagePullBackOff".equals(failure) ? failure : reason;
            }
        }
        if (reason == null) {
            return false;
        }
        String phase = "ImagePullBackOff".equals(reason) ? "Pending" : "Running";
        boolean written = phase.equals(pod.path("status").path("phase").asText());
        boolean waiting = false;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            written &= !cs.path("ready").asBoolean(false);
            waiting |= reason.equals(
                    cs.path("state").path("waiting").path("reason").asText());
        }
        if (written && waiting) {
            return true;
        }
        ObjectNode status = JSON.createObjectNode();
        status.put("phase", phase);
        status.put("startTime", ApiResponses.now());
        ArrayNode conditions = status.putArray("conditions");
        conditions.addObject().put("type", "PodScheduled").put("status", "True");
        conditions.addObject().put("type", "ContainersReady").put("status", "False");
        conditions.addObject().put("type", "Ready").put("status", "False");
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode container : pod.path("spec").path("containers")) {
            String failure = imageFailure(container.path("image").asText());
            ObjectNode cs = containers.addObject();
            cs.put("name", container.path("name").asText());
            cs.put("image", container.path("image").asText());
            cs.put("ready", false);
            cs.put("started", failure == null);
            cs.put("restartCount", "CrashLoopBackOff".equals(failure) ? 3 : 0);
            if (failure == null) {
                cs.putObject("state").putObject("running").put("startedAt", ApiResponses.now());
            } else {
                cs.putObject("state")
                        .putObject("waiting")
                        .put("reason", failure)
                        .put(
                                "message",
                                "ImagePullBackOff".equals(failure)
                                        ? "Back-off pulling image \""
                                                + container.path("image").asText() + "\""
                                        : "back-off restarting failed container "
                                                + container.path("name").asText());
            }
        }
        writeStatus("/api/v1/namespaces/" + ns(pod) + "/pods/" + name(pod), pod, status);
        return true;
    }

    private static String imageFailure(String image) {
        int colon = image.lastIndexOf(':');
        String tag = colon < 0 || image.lastIndexOf('/') > colon ? "" : image.substring(colon + 1);
        if (tag.startsWith("broken")) {
            return "ImagePullBackOff";
        }
        return tag.startsWith("crash") ? "CrashLoopBackOff" : null;
    }
}
