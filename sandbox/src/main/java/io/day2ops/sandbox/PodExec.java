package io.day2ops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code pods/exec} subresource of simulated pods, over WebSockets with the {@code v4.channel.k8s.io} protocol
 * as the API server speaks it (stdout on channel 1, stderr on 2, the exit status on 3). What a command prints and
 * exits with is scripted by the pod's {@value SandboxCluster#EXEC_SCRIPT} annotation, a JSON array of rules, the
 * first whose {@code match} is part of the command line wins:
 *
 * <pre>{@code
 * [{"match": "fsfreeze --freeze", "container": "db", "exitCode": 1, "stderr": "fsfreeze: Device busy",
 *   "delayMillis": 200}]
 * }</pre>
 *
 * <p>A command no rule matches succeeds with no output. Every exec is recorded as an Event on the pod (reason {@code
 * Exec}, {@code eventTime} in microseconds), so tests can tell what ran and in which order.
 */
final class PodExec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScheduledExecutorService RUNNER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-exec");
        thread.setDaemon(true);
        return thread;
    });

    private final SandboxDispatcher dispatcher;

    PodExec(SandboxDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    private record Script(int exitCode, String stdout, String stderr, long delayMillis) {}

    MockResponse exec(String rawPath, ApiPath path) {
        if (!"pods".equals(path.resource())) {
            return ApiResponses.status(404, "NotFound", path.resource() + " have no exec subresource");
        }
        JsonNode pod = dispatcher.get(path.objectPath());
        if (pod == null) {
            return ApiResponses.status(404, "NotFound", "pods \"" + path.name() + "\" not found");
        }
        List<String> command = new ArrayList<>();
        String container = null;
        int q = rawPath.indexOf('?');
        for (String pair : q < 0 ? new String[0] : rawPath.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = pair.substring(0, eq);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (key.equals("command")) {
                command.add(value);
            } else if (key.equals("container")) {
                container = value;
            }
        }
        List<String> containers = new ArrayList<>();
        pod.path("spec")
                .path("containers")
                .forEach(c -> containers.add(c.path("name").asText()));
        if (container == null || container.isEmpty()) {
            if (containers.size() != 1) {
                return ApiResponses.status(
                        400,
                        "BadRequest",
                        "a container name must be specified for pod " + path.name() + ", choose one of: " + containers);
            }
            container = containers.get(0);
        }
        if (!containers.contains(container)) {
            return ApiResponses.status(
                    400, "BadRequest", "container " + container + " is not valid for pod " + path.name());
        }
        if (command.isEmpty()) {
            return ApiResponses.status(400, "BadRequest", "you must specify at least 1 command");
        }
        if (!"Running".equals(pod.path("status").path("phase").asText())) {
            return ApiResponses.status(
                    400,
                    "BadRequest",
                    "unable to upgrade connection: container not found (\"" + container + "\"): pod " + path.name()
                            + " is not running");
        }
        Script script = script(pod, container, String.join(" ", command));
        String chosen = container;
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket, Response response) {
                RUNNER.schedule(
                        () -> answer(socket, pod, chosen, command, script),
                        script.delayMillis(),
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    private void answer(WebSocket socket, JsonNode pod, String container, List<String> command, Script script) {
        record(pod, container, command, script);
        if (!script.stdout().isEmpty()) {
            socket.send(frame(1, script.stdout()));
        }
        if (!script.stderr().isEmpty()) {
            socket.send(frame(2, script.stderr()));
        }
        ObjectNode status = JSON.createObjectNode();
        status.putObject("metadata");
        if (script.exitCode() == 0) {
            status.put("status", "Success");
        } else {
            status.put("status", "Failure");
            status.put("message", "command terminated with non-zero exit code: exit status " + script.exitCode());
            status.put("reason", "NonZeroExitCode");
            status.putObject("details")
                    .putArray("causes")
                    .addObject()
                    .put("reason", "ExitCode")
                    .put("message", String.valueOf(script.exitCode()));
        }
        socket.send(frame(3, status.toString()));
        socket.close(1000, "");
    }

    private static byte[] frame(int channel, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[data.length + 1];
        frame[0] = (byte) channel;
        System.arraycopy(data, 0, frame, 1, data.length);
        return frame;
    }

    private static Script script(JsonNode pod, String container, String commandLine) {
        String annotation = pod.path("metadata")
                .path("annotations")
                .path(SandboxCluster.EXEC_SCRIPT)
                .asText("");
        if (annotation.isEmpty()) {
            return new Script(0, "", "", 0);
        }
        JsonNode rules;
        try {
            rules = JSON.readTree(annotation);
        } catch (IOException e) {
            return new Script(126, "", "sandbox: annotation " + SandboxCluster.EXEC_SCRIPT + " is not JSON", 0);
        }
        for (JsonNode rule : rules) {
            boolean containerMatches =
                    !rule.has("container") || rule.path("container").asText().equals(container);
            if (containerMatches && commandLine.contains(rule.path("match").asText(""))) {
                return new Script(
                        rule.path("exitCode").asInt(0),
                        rule.path("stdout").asText(""),
                        rule.path("stderr").asText(""),
                        rule.path("delayMillis").asLong(0));
            }
        }
        return new Script(0, "", "", 0);
    }

    private void record(JsonNode pod, String container, List<String> command, Script script) {
        String ns = KubeObjects.ns(pod);
        ObjectNode event = JSON.createObjectNode();
        event.put("apiVersion", "v1");
        event.put("kind", "Event");
        event.putObject("metadata")
                .put(
                        "name",
                        KubeObjects.name(pod) + "."
                                + UUID.randomUUID().toString().substring(0, 8))
                .put("namespace", ns);
        event.putObject("involvedObject")
                .put("kind", "Pod")
                .put("name", KubeObjects.name(pod))
                .put("namespace", ns)
                .put("uid", pod.path("metadata").path("uid").asText())
                .put("fieldPath", "spec.containers{" + container + "}");
        event.put("reason", "Exec");
        event.put("message", container + ": " + String.join(" ", command) + " exited " + script.exitCode());
        event.put("type", script.exitCode() == 0 ? "Normal" : "Warning");
        event.put("eventTime", Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
        event.put("reportingComponent", "kubelet");
        event.put("reportingInstance", pod.path("spec").path("nodeName").asText("sandbox"));
        event.put("action", "Exec");
        new Store(dispatcher).create("/api/v1/namespaces/" + ns + "/events", event);
    }
}
