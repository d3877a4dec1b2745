package io.day2ops.foundation.jobs;

import java.time.Instant;

/**
 * A job a worker holds.
 *
 * @param id the job's id
 * @param kind the job's kind, e.g. {@code backup}
 * @param name the name of what the job works on, e.g. the backup's name; unique per kind
 * @param payload what the consumer recorded for the worker (JSON)
 * @param attempts how many times the job has been claimed, this claim included
 * @param owner the worker that holds it
 * @param createdAt when it was recorded
 * @param traceparent the W3C trace context of the request that recorded it, or null
 * @param cancelRequestedBy who asked to cancel the job before this claim (then the claim only ends it as cancelled),
 *     or null
 */
public record ClaimedJob(
        long id,
        String kind,
        String name,
        String payload,
        int attempts,
        String owner,
        Instant createdAt,
        String traceparent,
        String cancelRequestedBy) {

    /** A claim of a job nobody asked to cancel. */
    public ClaimedJob(
            long id,
            String kind,
            String name,
            String payload,
            int attempts,
            String owner,
            Instant createdAt,
            String traceparent) {
        this(id, kind, name, payload, attempts, owner, createdAt, traceparent, null);
    }
}
