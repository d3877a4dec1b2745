package io.day2ops.foundation.jobs;

/**
 * What a running job reports so that a hung one is told from a slow one, and so that people see how far it is: the
 * stage it is in, each item it did and, when it can tell, how many items it expects. A job that reports progress and
 * then goes {@code day2.jobs.stuck-after} without advancing is failed with "stuck in &lt;stage&gt;" (the heartbeat
 * alone only says its worker is alive). The runner stores the figures on the job every {@code
 * day2.jobs.progress-interval}, where the service's API reads them (items done / total, items per second, ETA).
 */
public interface JobProgress {

    /** Does nothing: for work run outside a job. */
    JobProgress NONE = new JobProgress() {
        @Override
        public void stage(String stage) {}

        @Override
        public void advanced() {}
    };

    /** Enters a stage ("listing apps/deployments", "etcd snapshot"); counts as progress. */
    void stage(String stage);

    /** Did something (an item, a page, a chunk); cheap enough to call per item. */
    void advanced();

    /**
     * Learned that {@code items} more items are to come (a listed page, a collection's remaining count), or, negative,
     * that fewer will than announced (a listed object the job leaves out).
     */
    default void expect(long items) {}

    /**
     * The total the job expects at least, from what it knows before it has seen everything (a restore's manifest, the
     * cluster's previous backup); the total shown is the larger of this and what {@link #expect} added up.
     */
    default void expectAtLeast(long total) {}

    /** A line of the job's own log (what {@code logs} shows once it ended), readable while it runs. */
    default void log(String line) {}
}
