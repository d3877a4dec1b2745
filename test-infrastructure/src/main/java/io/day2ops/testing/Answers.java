package io.day2ops.testing;

import io.day2ops.events.EventType;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The answer events a set of requests got, read off the bus the way the fault suite judges them. */
public final class Answers {

    private Answers() {}

    /**
     * Every distinct answer (by {@code ce_id}) of one of {@code types} whose subject is one of {@code names}, waiting
     * until each name has one or {@code timeout} passes, then reading once more so that a late duplicate is seen.
     *
     * @return request name → answer id → the record, for the names answered
     */
    public static Map<String, Map<String, ConsumerRecord<String, String>>> await(
            BusClient bus, List<EventType<?>> types, Collection<String> names, Duration timeout) {
        Set<String> wanted = Set.copyOf(names);
        Map<String, Map<String, ConsumerRecord<String, String>>> answers = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean settled = false;
        while (!settled) {
            settled = answers.size() == wanted.size() || System.nanoTime() > deadline;
            for (EventType<?> type : types) {
                for (ConsumerRecord<String, String> record : bus.await(
                        type.topic(),
                        r -> {
                            String subject = BusClient.header(r, "ce_subject");
                            return subject != null && wanted.contains(subject); // bad input carries none
                        },
                        Integer.MAX_VALUE,
                        Duration.ofSeconds(3))) {
                    answers.computeIfAbsent(BusClient.header(record, "ce_subject"), n -> new LinkedHashMap<>())
                            .put(BusClient.header(record, "ce_id"), record);
                }
            }
        }
        return answers;
    }

    /** request name → its answer ids, for {@link FaultFigures#of}. */
    public static Map<String, Set<String>> ids(Map<String, Map<String, ConsumerRecord<String, String>>> answers) {
        Map<String, Set<String>> ids = new HashMap<>();
        answers.forEach((name, records) -> ids.put(name, records.keySet()));
        return ids;
    }
}
