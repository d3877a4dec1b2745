package io.day2ops.dr.domain;

import io.day2ops.events.DrillCompleted.Check;
import io.day2ops.events.DrillCompleted.TimelineEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** What a drill did and found, in order, as it goes: becomes the timeline and checks of {@code DrillCompleted}. */
public final class DrillTimeline {

    private final Clock clock;
    private final List<TimelineEntry> steps = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    public DrillTimeline(Clock clock) {
        this.clock = clock;
    }

    public DrillTimeline step(String step, String message) {
        steps.add(new TimelineEntry(step, clock.instant(), message));
        return this;
    }

    public DrillTimeline check(String name, boolean passed, String message) {
        checks.add(new Check(name, passed, message));
        return this;
    }

    public boolean allChecksPassed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** The first failed check's message, or null. */
    public String firstFailure() {
        return checks.stream()
                .filter(c -> !c.passed())
                .map(c -> c.name() + ": " + c.message())
                .findFirst()
                .orElse(null);
    }

    public List<TimelineEntry> steps() {
        return List.copyOf(steps);
    }

    public List<Check> checks() {
        return List.copyOf(checks);
    }
}
