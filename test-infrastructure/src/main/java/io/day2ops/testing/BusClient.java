package io.day2ops.testing;

import io.day2ops.events.CloudEvent;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes and reads day2ops topics the way another system would: a plain Kafka client and the public contracts
 * (records, CloudEvents headers), nothing of the services. For tests, the demo and benchmarks.
 */
public final class BusClient implements AutoCloseable {

    /** The principal a bus client connects as: {@code DAY2_KAFKA_USERNAME}, else the broker's super user. */
    static final String PRINCIPAL = System.getenv().getOrDefault("DAY2_KAFKA_USERNAME", BusAccess.ADMIN);

    private final String bootstrapServers;
    private final Map<String, String> security;
    private final String source;
    private final KafkaProducer<String, String> producer;
    private final EventCodec codec = new EventCodec();

    public BusClient(String bootstrapServers) {
        this(bootstrapServers, "/day2ops/bus-client");
    }

    /**
     * A client whose events carry {@code source} as their CloudEvents source, connected as {@link #PRINCIPAL} with the
     * shared broker's security ({@link SharedKafka#clientProperties}).
     */
    public BusClient(String bootstrapServers, String source) {
        this(bootstrapServers, source, SharedKafka.clientProperties(PRINCIPAL));
    }

    /** A client connected with the given security properties ({@code security.protocol}, {@code sasl.*}, ...). */
    public BusClient(String bootstrapServers, String source, Map<String, String> security) {
        this(bootstrapServers, security, source, producer(bootstrapServers, security));
    }

    private BusClient(
            String bootstrapServers,
            Map<String, String> security,
            String source,
            KafkaProducer<String, String> producer) {
        this.source = source;
        this.bootstrapServers = bootstrapServers;
        this.security = security;
        this.producer = producer;
    }

    /**
     * The same connection publishing as {@code source}, e.g. {@code /day2ops/backup-service} for a test that plays
     * that service's part: facts are believed only from their producer. Closing it closes this client too.
     */
    public BusClient as(String source) {
        return new BusClient(bootstrapServers, security, source, producer);
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, String> security) {
        Properties properties = new Properties();
        properties.putAll(security);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** Publishes {@code data} as a CloudEvent with a new id; returns the envelope sent. */
    public <T extends Day2Event> CloudEvent<T> publish(T data) {
        return publish(data, UUID.randomUUID().toString());
    }

    /** Publishes {@code data} as a CloudEvent with the given id. */
    public <T extends Day2Event> CloudEvent<T> publish(T data, String id) {
        return publish(data, id, Instant.now());
    }

    /** Publishes {@code data} as a CloudEvent sent at {@code sentAt} (its {@code ce_time}), e.g. a stale command. */
    public <T extends Day2Event> CloudEvent<T> publishSentAt(T data, Instant sentAt) {
        return publish(data, UUID.randomUUID().toString(), sentAt);
    }

    private <T extends Day2Event> CloudEvent<T> publish(T data, String id, Instant sentAt) {
        CloudEvent<T> event = CloudEvent.of(id, source, sentAt, data);
        publishRaw(event.topic(), event.key(), event.headers(), codec.toJson(data));
        return event;
    }

    /** Publishes any value with any headers, e.g. malformed JSON. */
    public void publishRaw(String topic, String key, Map<String, String> headers, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach(
                (name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publish to " + topic + " failed", e.getCause());
        }
    }

    /**
     * Reads {@code topic} from the beginning until a record matches or {@code timeout} passes.
     *
     * @return every matching record seen (empty on timeout)
     */
    public List<ConsumerRecord<String, String>> await(
            String topic, Predicate<ConsumerRecord<String, String>> match, int count, Duration timeout) {
        Properties properties = new Properties();
        properties.putAll(security);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            // Assigned, not subscribed: no consumer-group join, so reading starts at once.
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline && matched.size() < count) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (match.test(record)) {
                        matched.add(record);
                    }
                }
            }
        }
        return matched;
    }

    /** The CloudEvents headers another system would write for a record of {@code type}, for raw publishing. */
    public static Map<String, String> ceHeaders(EventType<?> type, String id, String source) {
        return Map.of("ce_specversion", "1.0", "ce_id", id, "ce_source", source, "ce_type", type.ceType());
    }

    /** The last value of a header, decoded. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
