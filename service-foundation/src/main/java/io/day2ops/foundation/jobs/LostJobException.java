package io.day2ops.foundation.jobs;

/** The job was taken over by another worker (this one's lease ran out); this worker's outcome must not be stored. */
public class LostJobException extends RuntimeException {

    public LostJobException(ClaimedJob job) {
        super("job " + job.kind() + "/" + job.name() + " (attempt " + job.attempts() + ") is no longer held by "
                + job.owner() + "; another worker took it over");
    }
}
