package io.day2ops.events;

import java.util.List;

/**
 * A command run in a pod's container through the exec API, as Velero's backup {@code ExecHook} declares it.
 *
 * @param container the container to run in; absent means the pod's first container
 * @param command the command and its arguments, not run through a shell ({@code ["/sbin/fsfreeze", "--freeze",
 *     "/var/lib/data"]})
 * @param onError {@code Fail} (the default: the backup fails) or {@code Continue} (the backup goes on and ends
 *     {@code PartiallyFailed})
 * @param timeout how long the command may run, as a Go duration; absent means 30s, as in Velero
 * @param publishOutput (day2ops) whether the command's output, redacted, goes into events, logs and the manifest;
 *     absent means no: outputs often hold secrets. The command itself is always published redacted
 */
public record ExecHook(String container, List<String> command, String onError, String timeout, Boolean publishOutput) {

    public ExecHook {
        command = command == null ? List.of() : List.copyOf(command);
    }

    /** A hook as Velero declares it (output not published). */
    public ExecHook(String container, List<String> command, String onError, String timeout) {
        this(container, command, onError, timeout, null);
    }
}
