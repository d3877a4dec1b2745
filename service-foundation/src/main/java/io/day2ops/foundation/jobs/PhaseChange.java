package io.day2ops.foundation.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One phase a record went through, and when it entered it: what {@code describe} shows as the phase history. Built
 * from the record's own timestamps (requested, started, ended), which are stored for every backup, restore, rollout
 * and drain.
 *
 * @param phase the phase entered
 * @param at when
 */
public record PhaseChange(String phase, Instant at) {

    /** New at {@code createdAt}, InProgress at {@code startedAt}, then {@code phase} at {@code completedAt}. */
    public static List<PhaseChange> history(Instant createdAt, Instant startedAt, Instant completedAt, Object phase) {
        List<PhaseChange> history = new ArrayList<>();
        if (createdAt != null) {
            history.add(new PhaseChange("New", createdAt));
        }
        if (startedAt != null) {
            history.add(new PhaseChange("InProgress", startedAt));
        }
        if (completedAt != null && phase != null) {
            history.add(new PhaseChange(String.valueOf(phase), completedAt));
        }
        return history;
    }
}
