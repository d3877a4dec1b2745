package io.day2ops.foundation.jobs;

import java.time.Duration;

/** A job ran longer than its kind's deadline ({@code day2.jobs.deadline}, {@code day2.jobs.deadlines.<kind>}). */
public class DeadlineExceededException extends RuntimeException {

    public DeadlineExceededException(ClaimedJob job, Duration deadline, String kind) {
        super("exceeded its deadline of " + deadline.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                + " (day2.jobs.deadlines." + kind + ", or day2.jobs.deadline for every kind) in attempt "
                + job.attempts() + "; stopped, and anything it still writes is fenced off");
    }
}
