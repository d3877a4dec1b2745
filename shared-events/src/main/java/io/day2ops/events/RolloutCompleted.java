package io.day2ops.events;

import java.time.Instant;
import java.util.List;

/**
 * A rollout ended.
 *
 * @param name the rollout's name
 * @param cluster the cluster the workload runs in
 * @param namespace the workload's namespace
 * @param kind the workload's kind
 * @param workload the workload's name
 * @param outcome {@code Succeeded}, {@code RolledBack} or {@code Failed} (could not even roll back)
 * @param reason why it stopped, for anything but {@code Succeeded}
 * @param steps each step with its timing and result
 * @param startedAt when the rollout started
 * @param completedAt when it ended
 */
public record RolloutCompleted(
        String name,
        String cluster,
        String namespace,
        String kind,
        String workload,
        Outcome outcome,
        String reason,
        List<Step> steps,
        Instant startedAt,
        Instant completedAt)
        implements Day2Event {

    public RolloutCompleted {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    @Override
    public String subject() {
        return name;
    }

    /** How a rollout ended. */
    public enum Outcome {
        Succeeded,
        RolledBack,
        Failed
    }

    /**
     * One step of a rollout.
     *
     * @param description what the step did, e.g. {@code partition 2 -> 1}
     * @param startedAt when it started
     * @param completedAt when it ended
     * @param succeeded whether it reached its goal
     * @param message what happened, in words
     */
    public record Step(String description, Instant startedAt, Instant completedAt, boolean succeeded, String message) {}
}
