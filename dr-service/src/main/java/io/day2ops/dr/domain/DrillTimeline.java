package io.day2ops.dr.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.DrillCompleted.Check;
import io.day2ops.events.DrillCompleted.TimelineEntry;
import io.day2ops.events.EventCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** What a drill did and found, in order, as it goes: becomes the timeline and checks of {@code DrillCompleted}. */
public final class DrillTimeline {

    private final Clock clock;
    private final List<TimelineEntry> steps = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    public DrillTimeline(Clock clock) {
        this.clock = clock;
    }

    /** What is stored between a drill's stages. */
    private record Stored(List<TimelineEntry> steps, List<Check> checks) {}

    /** The timeline stored by {@link #json()}, to go on with; empty for null. */
    public static DrillTimeline restore(String json, Clock clock) {
        DrillTimeline timeline = new DrillTimeline(clock);
        if (json != null) {
            try {
                Stored stored = JSON.readValue(json, Stored.class);
                timeline.steps.addAll(stored.steps());
                timeline.checks.addAll(stored.checks());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored drill timeline is not readable: " + e.getMessage(), e);
            }
        }
        return timeline;
    }

    /** The timeline so far, to store between stages. */
    public String json() {
        try {
            return JSON.writeValueAsString(new Stored(steps, checks));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
