package io.day2ops.events;

import java.util.List;

/**
 * What one hook did in one pod.
 *
 * @param hook the hook's name: the request's hook spec name, or {@code <pod annotation>} for annotated pods
 * @param phase {@code pre} or {@code post} (backup), {@code init} or {@code exec} (restore)
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param container the container it ran in
 * @param command the command, redacted (values of password-, token- and key-like arguments masked)
 * @param exitCode the command's exit code; absent when it did not end (timeout) or did not start
 * @param outcome {@code Succeeded}, {@code Failed}, {@code TimedOut} or {@code Added} (an init container)
 * @param onError {@code Fail} or {@code Continue}: what a failure did to the backup or restore
 * @param output the command's stdout and stderr, redacted, at most 4 KiB (the end is kept); empty unless the hook
 *     opted in with {@code publishOutput}
 */
public record HookResult(
        String hook,
        String phase,
        String namespace,
        String pod,
        String container,
        List<String> command,
        Integer exitCode,
        String outcome,
        String onError,
        String output) {

    public HookResult {
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** Whether the hook did what it should. */
    public boolean succeeded() {
        return "Succeeded".equals(outcome) || "Added".equals(outcome);
    }
}
