package io.day2ops.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer groups of services started as processes: {@link #startAtEnd} commits a new group's offsets at the end of its
 * topics before the service starts, so it reads exactly what is published after that — no matter when its partitions
 * get assigned (with {@code auto.offset.reset=latest} a request published before the assignment would be skipped, and
 * with {@code earliest} the shared broker's whole history would be replayed).
 */
public final class ConsumerGroups {

    private ConsumerGroups() {}

    /** Commits {@code group}'s offsets at the current end of every partition of {@code topics}. */
    public static void startAtEnd(String group, List<String> topics) {
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedKafka.bootstrapServers());
        props.putAll(SharedKafka.clientProperties(BusAccess.ADMIN));
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                topic.partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get()
                    .forEach((partition, info) -> offsets.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot set the offsets of consumer group " + group, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until {@code group} has committed offsets at the end of every partition of {@code topic} as it is now: all
     * published so far has been handled (a service commits after handling, at most every few seconds).
     */
    public static void awaitCaughtUp(String group, String topic, java.time.Duration timeout) {
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedKafka.bootstrapServers());
        props.putAll(SharedKafka.clientProperties(BusAccess.ADMIN));
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> end.put(partition, info.offset()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                boolean caughtUp = end.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata at = committed.get(e.getKey());
                    return at != null && at.offset() >= e.getValue();
                });
                if (caughtUp) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumer group " + group + " did not catch up with " + topic
                            + " within " + timeout + ": end " + end + ", committed " + committed);
                }
                Thread.sleep(250);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of consumer group " + group, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
