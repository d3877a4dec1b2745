package io.day2ops.foundation.commands;

import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.jobs.JobRunner;
import io.day2ops.foundation.jobs.JobStatus;
import io.day2ops.foundation.rest.ProblemDetails;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /<collection>/<name>/cancel}: asks the job of a backup, restore, rollout, drain or drill to stop. The
 * request is stored on the job; its worker (on whichever replica) sees it within {@code day2.jobs.progress-interval},
 * stops at its next safe point (every write it still tries is fenced off), and its handler stores the phase {@code
 * Cancelled} and publishes the answer event with {@code cancelledBy}. A job not started yet is ended as cancelled
 * by its first claim, without running.
 */
@ApplicationScoped
public class JobCancels {

    private final JobQueue queue;
    private final JobRunner runner;

    public JobCancels(JobQueue queue, JobRunner runner) {
        this.queue = queue;
        this.runner = runner;
    }

    /**
     * What a cancel request answers.
     *
     * @param kind what was cancelled ({@code backup}, ...)
     * @param name its name
     * @param phase the job's phase now: {@code New}/{@code InProgress} (it stops shortly) or {@code Cancelled}
     * @param cancelRequestedBy who asked first
     * @param cancelRequestedAt when
     * @param location where to follow it
     * @param message what happens next
     */
    public record Cancelling(
            String kind,
            String name,
            JobPhase phase,
            String cancelRequestedBy,
            Instant cancelRequestedAt,
            String location,
            String message) {}

    /**
     * Cancels the job of kind {@code jobKind} named {@code name}, for a record the caller already found.
     *
     * @param kind what people call it ({@code backup})
     * @param location the record's path ({@code /backups/<name>})
     * @return 202 while it stops, 200 if it was cancelled already, 409 if it ended otherwise or has no job
     */
    public Uni<Response> cancel(String jobKind, String kind, String name, String location, SecurityIdentity caller) {
        String by = HttpCommands.sourceOf(caller);
        return queue.requestCancel(jobKind, name, by).map(status -> {
            if (status == null) {
                return conflict(kind + " '" + name + "' has no job to cancel here (it was never run by this service)");
            }
            if (status.phase() == JobPhase.Cancelled) {
                return Response.ok(cancelling(kind, name, location, status, "cancelled already"))
                        .build();
            }
            if (!status.running()) {
                return conflict(
                        kind + " '" + name + "' has ended (" + status.phase() + "): there is nothing to" + " cancel");
            }
            Log.warnf("%s %s: cancel requested by %s", kind, name, by);
            runner.report(); // a job running on this replica stops now, not at the next report
            return Response.accepted(cancelling(
                            kind,
                            name,
                            location,
                            status,
                            "it stops at its next safe point; GET " + location + " shows phase Cancelled once it"
                                    + " has, and its answer event says cancelledBy"))
                    .build();
        });
    }

    private static Cancelling cancelling(String kind, String name, String location, JobStatus status, String message) {
        return new Cancelling(
                kind, name, status.phase(), status.cancelRequestedBy(), status.cancelRequestedAt(), location, message);
    }

    private static Response conflict(String detail) {
        return new ProblemDetails("urn:day2ops:problem:conflict", "Conflict", 409, detail, List.of()).toResponse();
    }
}
