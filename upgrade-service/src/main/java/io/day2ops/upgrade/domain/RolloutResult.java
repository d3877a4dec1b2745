package io.day2ops.upgrade.domain;

import io.day2ops.events.RolloutCompleted;
import io.day2ops.events.RolloutCompleted.Outcome;
import io.day2ops.events.RolloutCompleted.Step;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How a rollout went, step by step, as {@code RolloutCompleted} reports it. */
public final class RolloutResult {

    private final Clock clock;
    private final List<Step> steps = new ArrayList<>();
    private Outcome outcome;
    private String reason;
    private String stepDescription;
    private Instant stepStarted;

    public RolloutResult(Clock clock) {
        this.clock = clock;
    }

    /** Starts a step; the previous one must have ended. */
    public void begin(String description) {
        stepDescription = description;
        stepStarted = clock.instant();
    }

    /** Ends the current step. */
    public void end(boolean succeeded, String message) {
        steps.add(new Step(stepDescription, stepStarted, clock.instant(), succeeded, message));
        stepDescription = null;
    }

    public RolloutResult finish(Outcome outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
        return this;
    }

    public Outcome outcome() {
        return outcome;
    }

    public String reason() {
        return reason;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** Thrown by a step that did not reach its goal; its message says why. */
    public static final class StepFailed extends Exception {
        public StepFailed(String message) {
            super(message);
        }
    }

    /** The completed event for this result. */
    public RolloutCompleted event(
            String name, String cluster, String namespace, String kind, String workload, Instant startedAt) {
        return event(name, cluster, namespace, kind, workload, startedAt, null);
    }

    /** The completed event of a rollout someone cancelled ({@code cancelledBy}, or null if nobody did). */
    public RolloutCompleted event(
            String name,
            String cluster,
            String namespace,
            String kind,
            String workload,
            Instant startedAt,
            String cancelledBy) {
        return new RolloutCompleted(
                name,
                cluster,
                namespace,
                kind,
                workload,
                outcome,
                reason,
                steps(),
                startedAt,
                clock.instant(),
                null,
                cancelledBy);
    }
}
