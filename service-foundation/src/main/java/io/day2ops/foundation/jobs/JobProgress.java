package io.day2ops.foundation.jobs;

/**
 * What a running job reports so that a hung one is told from a slow one: the stage it is in and, as often as it does
 * anything, that it advanced. A job that reports progress and then goes {@code day2.jobs.stuck-after} without
 * advancing is failed with "stuck in &lt;stage&gt;" (the heartbeat alone only says its worker is alive).
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
}
