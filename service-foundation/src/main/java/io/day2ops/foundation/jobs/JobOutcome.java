package io.day2ops.foundation.jobs;

/** How a claimed job ended, for {@link JobQueue#finishAll}. */
public record JobOutcome(ClaimedJob job, JobPhase phase, String message) {}
