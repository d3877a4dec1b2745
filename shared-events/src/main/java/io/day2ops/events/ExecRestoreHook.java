package io.day2ops.events;

import java.util.List;

/**
 * A command run in a restored pod once it is Ready, as Velero's {@code ExecRestoreHook}.
 *
 * @param container the container to run in; absent means the pod's first container
 * @param command the command and its arguments, not run through a shell
 * @param onError {@code Continue} (the default for restore hooks) or {@code Fail} (the restore ends
 *     {@code PartiallyFailed} with the hook's output)
 * @param execTimeout how long the command may run, as a Go duration; absent means 30s
 * @param waitTimeout how long to wait for the pod to become Ready, as a Go duration; absent means 5m
 * @param publishOutput (day2ops) whether the command's output, redacted, goes into the answer event and logs; absent
 *     means no. The command itself is always published redacted
 */
public record ExecRestoreHook(
        String container,
        List<String> command,
        String onError,
        String execTimeout,
        String waitTimeout,
        Boolean publishOutput) {

    public ExecRestoreHook {
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** A hook as Velero declares it (output not published). */
    public ExecRestoreHook(
            String container, List<String> command, String onError, String execTimeout, String waitTimeout) {
        this(container, command, onError, execTimeout, waitTimeout, null);
    }
}
