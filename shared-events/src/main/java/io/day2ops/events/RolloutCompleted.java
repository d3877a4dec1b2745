package io.day2ops.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 * @param omitted how many items of each capped list were left out to keep the event small (by list name);
 *     null when none
 * @param cancelledBy who cancelled the rollout ({@code /users/<name>}), absent unless it was cancelled
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
        Instant completedAt,
        Map<String, Integer> omitted,
        String cancelledBy)
        implements Day2Event {

    /** {@code RolloutCompleted} of a rollout nobody cancelled. */
    public RolloutCompleted(
            String name,
            String cluster,
            String namespace,
            String kind,
            String workload,
            Outcome outcome,
            String reason,
            List<Step> steps,
            Instant startedAt,
            Instant completedAt,
            Map<String, Integer> omitted) {
        this(name, cluster, namespace, kind, workload, outcome, reason, steps, startedAt, completedAt, omitted, null);
    }

    /** How many entries of {@code steps} the event carries at most (its schema's maxItems); more are counted in {@code omitted}. */
    public static final int MAX_STEPS = 500;

    public RolloutCompleted {
        Map<String, Integer> left = Bounded.counts(omitted);
        steps = Bounded.cap(steps, MAX_STEPS, "steps", left);
        omitted = Bounded.done(left);
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
