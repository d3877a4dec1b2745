package io.day2ops.foundation.jobs;

import io.day2ops.foundation.runtime.FoundationConfig;

/** The rules {@code day2.jobs.*} must follow for the runner's guarantees to hold; checked when workers start. */
final class JobSettings {

    private JobSettings() {}

    /**
     * Refuses a heartbeat interval of a third of the lease or more: a worker stops writing for a job once less than a
     * third of its lease is left since its last heartbeat, so a slower heartbeat would fence every job it runs.
     */
    static void check(FoundationConfig.Jobs jobs) {
        if (jobs.heartbeatInterval().multipliedBy(3).compareTo(jobs.lease()) >= 0) {
            throw new IllegalStateException("day2.jobs.heartbeat-interval (" + jobs.heartbeatInterval()
                    + ") must be below a third of day2.jobs.lease (" + jobs.lease() + "): a worker stops"
                    + " writing for a job once less than a third of its lease is left since its last heartbeat");
        }
    }
}
