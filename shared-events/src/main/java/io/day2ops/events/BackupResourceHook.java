package io.day2ops.events;

/**
 * One step of a backup hook, Velero's {@code BackupResourceHook}: today always an exec command.
 *
 * @param exec the command to run in the pod
 */
public record BackupResourceHook(ExecHook exec) {}
