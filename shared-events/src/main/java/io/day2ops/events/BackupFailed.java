package io.day2ops.events;

import java.time.Instant;

/**
 * A backup ended {@code Failed}: nothing usable was stored.
 *
 * @param name the backup's name
 * @param cluster the cluster the backup was for
 * @param reason what went wrong and what to do about it
 * @param startedAt when work on the backup started (absent if it was refused before starting)
 * @param failedAt when it was declared failed
 * @param schedule the schedule that fired the backup, absent for an on-demand one
 * @param cancelledBy who cancelled the backup ({@code /users/<name>}), absent unless it was cancelled
 */
public record BackupFailed(
        String name,
        String cluster,
        String reason,
        Instant startedAt,
        Instant failedAt,
        String schedule,
        String cancelledBy)
        implements Day2Event {

    /** {@code BackupFailed} of a backup nobody cancelled. */
    public BackupFailed(
            String name, String cluster, String reason, Instant startedAt, Instant failedAt, String schedule) {
        this(name, cluster, reason, startedAt, failedAt, schedule, null);
    }

    @Override
    public String subject() {
        return name;
    }
}
