package io.day2ops.backup.hooks;

import java.time.Duration;
import java.util.List;

/**
 * One command to run in one pod, resolved from a pod's annotations or a request's hook spec.
 *
 * @param hook the hook's name ({@link PodHooks#ANNOTATED} for annotations)
 * @param phase {@code pre}, {@code post} or {@code exec}
 * @param container the container; null means the pod's first
 * @param command the command
 * @param failOnError whether a failure fails the backup ({@code onError: Fail}) or only makes it partial
 * @param timeout how long it may run
 * @param waitTimeout how long to wait for the pod to become Ready first (restore hooks), or null
 * @param publishOutput whether its output, redacted, may be published ({@link HookPolicy})
 */
public record ExecSpec(
        String hook,
        String phase,
        String container,
        List<String> command,
        boolean failOnError,
        Duration timeout,
        Duration waitTimeout,
        boolean publishOutput) {

    /** The pod annotation with which a pod's annotated hooks publish their output: {@code "true"}. */
    public static final String PUBLISH_OUTPUT_ANNOTATION = "day2ops.io/publish-hook-output";

    public String onError() {
        return failOnError ? "Fail" : "Continue";
    }
}
