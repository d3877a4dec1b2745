package io.day2ops.console.service;

import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.DeadLetters;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The delivery page's dead letters: the newest records of every topic's {@code .dlq}, with the reason the consumer
 * that refused them gave. Read without a consumer group (nothing is committed, nobody else's position moves), at most
 * once every few seconds however many people look.
 */
@ApplicationScoped
public class DeadLetterReader {

    /** One dead letter. */
    public record Letter(
            String topic, long offset, Instant at, String reason, String consumer, String key, String value) {}

    /** The dead letters of one topic: how many it holds in all, and the newest. */
    public record Topic(String topic, long total, List<Letter> newest) {}

    private static final int NEWEST = 20;
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);
    private static final int VALUE_SHOWN = 400;

    private final Map<String, Object> kafka;
    private volatile List<Topic> cached;
    private volatile Instant cachedAt = Instant.EPOCH;

    public DeadLetterReader(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** Every {@code .dlq} with its count and newest letters, the topics with letters first. */
    public Uni<List<Topic>> read() {
        if (cached != null && cachedAt.plus(FRESH_FOR).isAfter(Instant.now())) {
            return Uni.createFrom().item(cached);
        }
        // the Kafka client blocks: a worker thread, whichever thread asked (an HTTP client's, after the outboxes)
        return Uni.createFrom()
                .item(this::readNow)
                .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                .invoke(topics -> {
                    cached = topics;
                    cachedAt = Instant.now();
                });
    }

    private List<Topic> readNow() {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((name, value) -> {
            if (!name.startsWith("mp.") && !name.contains("deserializer") && !name.equals("group.id")) {
                config.put(name, value);
            }
        });
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        List<Topic> topics = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            for (EventType<?> type : EventType.ALL) {
                topics.add(read(consumer, type.deadLetterTopic()));
            }
        }
        topics.sort(Comparator.comparing((Topic t) -> t.total() == 0).thenComparing(Topic::topic));
        return topics;
    }

    private static Topic read(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) {
            return new Topic(topic, 0, List.of());
        }
        List<TopicPartition> partitions = infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long total = 0;
        consumer.assign(partitions);
        for (TopicPartition partition : partitions) {
            total += end.get(partition) - begin.get(partition);
            consumer.seek(partition, Math.max(begin.get(partition), end.get(partition) - NEWEST));
        }
        List<Letter> letters = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline && !reachedEnd(consumer, partitions, end)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                String value = record.value() == null ? "" : record.value();
                letters.add(new Letter(
                        topic,
                        record.offset(),
                        Instant.ofEpochMilli(record.timestamp()),
                        header(record, DeadLetters.REASON),
                        header(record, DeadLetters.CONSUMER),
                        record.key(),
                        value.length() > VALUE_SHOWN ? value.substring(0, VALUE_SHOWN) + "…" : value));
            }
        }
        consumer.unsubscribe();
        letters.sort(Comparator.comparing(Letter::at).reversed());
        return new Topic(topic, total, letters.stream().limit(NEWEST).toList());
    }

    private static boolean reachedEnd(
            KafkaConsumer<String, String> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
