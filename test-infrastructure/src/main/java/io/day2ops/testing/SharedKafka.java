package io.day2ops.testing;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kafka broker tests use: {@code KAFKA_BOOTSTRAP_SERVERS} when set (CI starts one broker for the whole run),
 * else a KRaft broker started once inside this JVM and stopped when it exits.
 */
public final class SharedKafka {

    private static EmbeddedKafkaBroker broker;

    private SharedKafka() {}

    /** The bootstrap servers of the broker, starting the embedded one on first use. */
    public static synchronized String bootstrapServers() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (broker == null) {
            Logger.getLogger("kafka").setLevel(Level.WARNING);
            Logger.getLogger("org.apache.kafka").setLevel(Level.WARNING);
            broker = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(properties -> {
                        properties.put("num.partitions", "3");
                        properties.put("group.initial.rebalance.delay.ms", "0");
                        properties.put("offsets.topic.num.partitions", "5");
                    })
                    .start();
            EmbeddedKafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-kafka-stop"));
        }
        return broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
    }
}
