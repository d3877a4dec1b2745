package io.day2ops.foundation.jobs;

import io.smallrye.mutiny.Uni;

/**
 * Does one kind of long work. Implementations are CDI beans; {@link JobRunner} claims jobs of their kind and runs
 * them on a safe Vert.x context, heartbeating while they run.
 *
 * <p>A handler ends the job itself: in the transaction that stores its outcome and publishes its event it calls
 * {@link JobQueue#finish}, which fails (and so rolls the outcome back) if another worker has taken the job over.
 */
public interface JobHandler {

    /** The kind of job this handler runs. */
    String kind();

    /** Runs the job to its end. A failure puts the job back for another attempt. */
    Uni<Void> run(ClaimedJob job);

    /**
     * Gives up on a job that lost its worker {@code maxAttempts} times: store it as failed and publish why. Must call
     * {@link JobQueue#finish}.
     */
    Uni<Void> abandon(ClaimedJob job, String reason);
}
