package io.day2ops.localstack;

import io.day2ops.events.BackupRequested;
import io.day2ops.events.EventType;
import io.day2ops.testing.BusClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The two halves of {@code ./day2 check broker-restart}: {@code publish <run> <n>} sends n BackupRequested for an
 * unknown cluster named after the run; {@code verify <run> <n>} reads every BackupFailed of that run and checks that each request got
 * exactly one answer (a duplicate send is allowed by at-least-once delivery and reported; a missing answer fails).
 */
public final class BrokerRestartCheck {

    private BrokerRestartCheck() {}

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: BrokerRestartCheck <bootstrap> publish|verify <run-id> <count>");
            System.exit(2);
        }
        String bootstrap = args[0];
        String run = args[2];
        int count = Integer.parseInt(args[3]);
        try (BusClient bus = new BusClient(bootstrap, "/day2ops/broker-restart-check")) {
            if (args[1].equals("publish")) {
                for (int i = 0; i < count; i++) {
                    bus.publish(BackupRequested.builder(run + "-" + i, run)
                            .includedNamespaces(List.of("default"))
                            .ttl("720h")
                            .build());
                }
                System.out.println(
                        "published " + count + " BackupRequested (" + run + "-0 .. " + run + "-" + (count - 1) + ")");
                return;
            }
            Map<String, java.util.Set<String>> ids = new HashMap<>();
            Map<String, Integer> answers = new HashMap<>();
            List<ConsumerRecord<String, String>> seen = bus.await(
                    EventType.BACKUP_FAILED.topic(),
                    r -> {
                        var subject = r.headers().lastHeader("ce_subject");
                        return subject != null
                                && new String(subject.value(), StandardCharsets.UTF_8).startsWith(run + "-");
                    },
                    count,
                    Duration.ofSeconds(Integer.getInteger("verify.seconds", 90)));
            for (ConsumerRecord<String, String> record : seen) {
                answers.merge(BusClient.header(record, "ce_subject"), 1, Integer::sum);
                ids.computeIfAbsent(BusClient.header(record, "ce_subject"), n -> new java.util.HashSet<>())
                        .add(BusClient.header(record, "ce_id"));
            }
            long missing = java.util.stream.IntStream.range(0, count)
                    .filter(i -> !answers.containsKey(run + "-" + i))
                    .count();
            long duplicated = answers.values().stream().filter(n -> n > 1).count();
            System.out.printf(
                    "requests %d, answered %d, missing %d, answered more than once %d (same ce_id: consumers dedupe)%n",
                    count, answers.size(), missing, duplicated);
            // the fault suite's line (./day2 check faults): a duplicate is a second answer with another ce_id
            System.out.println("FAULT "
                    + io.day2ops.testing.FaultFigures.of(
                                    "broker kill -9 mid-flow, restarted after 10 s",
                                    java.util.stream.IntStream.range(0, count)
                                            .mapToObj(i -> run + "-" + i)
                                            .toList(),
                                    ids,
                                    0,
                                    "each a BackupFailed (unknown cluster) relayed through the outbox")
                            .line());
            System.exit(missing == 0 ? 0 : 1);
        }
    }
}
