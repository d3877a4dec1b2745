package io.day2ops.foundation.jobs;

import io.smallrye.mutiny.Uni;
import java.util.List;

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

    /**
     * Ends, all at once, the freshly claimed jobs whose outcome is known without doing their work (a request for a
     * cluster this service cannot reach, a catalog entry that is gone): one transaction for the whole claim instead of
     * one per job, typically through {@link JobQueue#finishAll} and {@code EventOutbox.publishAll}. Returns the jobs
     * that still need {@link #run}. If it fails, nothing it did is kept and every job is run one by one.
     *
     * <p>Called on a Vert.x context; implementations use the reactive {@code Pool}, not a Hibernate session.
     */
    default Uni<List<ClaimedJob>> settle(List<ClaimedJob> jobs) {
        return Uni.createFrom().item(jobs);
    }

    /**
     * Whether {@link #settle} ends jobs, so that the runner claims up to {@code day2.jobs.settle-batch} jobs beyond its
     * free slots each round (those still needing a slot go back to the queue unchanged).
     */
    default boolean settles() {
        return false;
    }

    /** Runs the job to its end. A failure puts the job back for another attempt. */
    Uni<Void> run(ClaimedJob job);

    /**
     * Gives up on a job that lost its worker {@code maxAttempts} times: store it as failed and publish why. Must call
     * {@link JobQueue#finish}.
     */
    Uni<Void> abandon(ClaimedJob job, String reason);

    /**
     * Ends a job someone asked to cancel: its work was stopped at its next safe point (its writes are fenced off from
     * the moment the runner saw the request), or it never started. Store it as {@code Cancelled}, publish its answer
     * event saying so, and call {@link JobQueue#finish} with {@link JobPhase#Cancelled}. By default the job is failed
     * with the reason, for handlers whose records have no cancelled phase.
     *
     * @param requestedBy who asked ({@code /users/<name>})
     */
    default Uni<Void> cancel(ClaimedJob job, String requestedBy) {
        return abandon(job, cancelReason(requestedBy));
    }

    /**
     * Whether this handler's jobs stop themselves when cancelled (a rollout rolls back first): then the runner does not
     * fence the job, it only tells it ({@link JobRunner#cancelRequest}), and the job ends itself, saying it was
     * cancelled. {@link #cancel} is still called for a job cancelled before it started.
     */
    default boolean stopsItself() {
        return false;
    }

    /** The reason a cancelled job gives. */
    static String cancelReason(String requestedBy) {
        return "cancelled by " + requestedBy;
    }
}
