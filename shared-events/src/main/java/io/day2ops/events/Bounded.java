package io.day2ops.events;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps events small enough for any broker: each list of an answer event has a cap (its schema's {@code maxItems});
 * what a producer puts beyond it is left out and counted in the event's {@code omitted} map, by list name, so a
 * huge backup, drill or gate makes a complete, smaller event instead of one the broker refuses. The full lists stay in
 * the producing service's REST API.
 */
final class Bounded {

    private Bounded() {}

    /** A working copy of an event's {@code omitted} counts (null: none yet). */
    static Map<String, Integer> counts(Map<String, Integer> omitted) {
        return omitted == null ? new TreeMap<>() : new TreeMap<>(omitted);
    }

    /** {@code items} (null: empty) cut to {@code max}, the rest counted under {@code name}. */
    static <T> List<T> cap(List<T> items, int max, String name, Map<String, Integer> omitted) {
        if (items == null) {
            return List.of();
        }
        if (items.size() <= max) {
            return List.copyOf(items);
        }
        omitted.merge(name, items.size() - max, Integer::sum);
        return List.copyOf(items.subList(0, max));
    }

    /** The counts as the event keeps them: null when nothing was left out. */
    static Map<String, Integer> done(Map<String, Integer> omitted) {
        omitted.values().removeIf(count -> count == null || count <= 0);
        return omitted.isEmpty() ? null : Collections.unmodifiableMap(omitted);
    }
}
