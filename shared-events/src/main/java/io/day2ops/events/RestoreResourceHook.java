package io.day2ops.events;

/**
 * One post-restore step, Velero's {@code RestoreResourceHook}: either init containers added to restored pods or a
 * command run in them once they are Ready.
 *
 * @param exec a command run in the pod once it is Ready
 * @param init init containers added to the pod as it is restored
 */
public record RestoreResourceHook(ExecRestoreHook exec, InitRestoreHook init) {}
