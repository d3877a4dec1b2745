package io.day2ops.foundation.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;

/**
 * A job as its table has it: its phase, and the progress its worker last reported.
 *
 * @param phase where the job is
 * @param stage the stage it reported last ("listing apps/deployments"), or null
 * @param itemsDone items done so far in its current attempt, or null before its first report
 * @param itemsTotal the items it expects in all, or null while it cannot tell
 * @param itemsPerSecond its recent rate, or null
 * @param reportedAt when it reported last, or null
 * @param cancelRequestedAt when someone asked to cancel it, or null
 * @param cancelRequestedBy who asked, or null
 * @param message its outcome's message, once ended
 */
public record JobStatus(
        JobPhase phase,
        String stage,
        Long itemsDone,
        Long itemsTotal,
        Double itemsPerSecond,
        Instant reportedAt,
        Instant cancelRequestedAt,
        String cancelRequestedBy,
        String message) {

    /** Whether the job has not ended yet. */
    public boolean running() {
        return phase == JobPhase.New || phase == JobPhase.InProgress;
    }

    /** The figures an API shows for a job that has not ended (null once it has, or before its first report). */
    public Progress progress() {
        if (!running() || reportedAt == null) {
            return null;
        }
        Long eta = null;
        if (itemsTotal != null && itemsDone != null && itemsPerSecond != null && itemsPerSecond > 0) {
            eta = (long) Math.ceil(Math.max(0, itemsTotal - itemsDone) / itemsPerSecond);
        }
        Double percent = itemsTotal == null || itemsTotal == 0 || itemsDone == null
                ? null
                : Math.min(100.0, Math.floor(1000.0 * itemsDone / itemsTotal) / 10.0);
        return new Progress(
                stage,
                itemsDone,
                itemsTotal,
                percent,
                itemsPerSecond == null ? null : Math.round(itemsPerSecond * 10) / 10.0,
                eta,
                eta == null ? null : reportedAt.plus(Duration.ofSeconds(eta)),
                reportedAt);
    }

    /**
     * A running job's progress, as the APIs show it on the record ({@code progress}).
     *
     * @param stage what it is doing now
     * @param itemsDone items done in its current attempt
     * @param itemsTotal items it expects in all (an estimate while it still lists: at least what it has seen)
     * @param percent done / total, one decimal
     * @param itemsPerSecond its recent rate (smoothed)
     * @param etaSeconds seconds left at that rate, as of {@code updatedAt}
     * @param estimatedCompletion when it should end at that rate
     * @param updatedAt when its worker reported these figures
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(
            String stage,
            Long itemsDone,
            Long itemsTotal,
            Double percent,
            Double itemsPerSecond,
            Long etaSeconds,
            Instant estimatedCompletion,
            Instant updatedAt) {}
}
