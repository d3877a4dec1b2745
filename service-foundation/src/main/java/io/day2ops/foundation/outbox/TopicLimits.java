package io.day2ops.foundation.outbox;

import io.day2ops.foundation.runtime.FoundationConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code max.message.bytes} of each topic the outbox writes to, read from the broker (Admin {@code
 * describeConfigs}, which gives the topic's override or the broker's default) and kept for {@code
 * day2.outbox.topic-limits-refresh}. The relay compares each row with it before sending: a record over a topic's
 * limit is refused by the broker, and the Kafka producer answers that refusal by splitting its batch and retrying
 * without end (its network thread has been seen to die of a {@link StackOverflowError}), so such a row must be parked
 * before it is ever handed to the producer. (The producer's endless split is KAFKA-8350/KAFKA-8202, fixed by
 * apache/kafka#20358 after the 4.1 client used here; the check stays useful with a fixed client, since a parked row
 * says why, where a failed send is only retried.)
 *
 * <p>A topic not looked up yet, or longer ago than the refresh period, is {@link #UNKNOWN}: its rows wait (not a
 * failure) while one lookup runs, and the caller is told when it is done. A limit that shrinks is therefore honoured
 * from the next read on; a record handed to the producer between a shrink and that read still meets the producer's
 * bug when the new limit is below its {@code batch.size} (16 KB), which is logged as an error when seen. A lookup the broker refuses (no {@code DESCRIBE_CONFIGS} on the topic) or that times
 * out leaves only the producer's {@code max.request.size} check, logged once per topic, and is tried again after the
 * refresh period.
 */
@ApplicationScoped
public class TopicLimits {

    /** The limit of a topic not looked up yet. */
    public static final long UNKNOWN = -1;

    /** The limit of a topic whose lookup failed: only {@code max.request.size} is checked. */
    public static final long NOT_KNOWABLE = Long.MAX_VALUE;

    private record Limit(long bytes, long readAtNanos, boolean stale) {}

    private final Map<String, Object> kafkaConfig;
    private final FoundationConfig config;
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();
    private final Set<String> looking = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final long batchSize;
    private volatile Admin admin;

    public TopicLimits(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            FoundationConfig config,
            @ConfigProperty(name = "mp.messaging.outgoing.day2-outbox.batch.size", defaultValue = "16384")
                    long batchSize) {
        this.kafkaConfig = kafkaConfig;
        this.config = config;
        this.batchSize = batchSize;
    }

    void onStop(@Observes ShutdownEvent event) {
        Admin current = admin;
        if (current != null) {
            current.close(java.time.Duration.ofSeconds(2));
        }
    }

    /**
     * {@code topic}'s max.message.bytes as read within the refresh period; {@link #UNKNOWN} if it has not been read
     * yet or was read longer ago (a lookup is started and {@code whenKnown} runs when it ends: a row is never checked
     * against a stale limit); {@link #NOT_KNOWABLE} if the broker would not say.
     */
    public long limit(String topic, Runnable whenKnown) {
        Limit known = limits.get(topic);
        if (known == null
                || known.stale()
                || System.nanoTime() - known.readAtNanos()
                        > config.outbox().topicLimitsRefresh().toNanos()) {
            lookUp(topic, whenKnown);
            return UNKNOWN;
        }
        return known.bytes();
    }

    /**
     * Reads {@code topic}'s limit again at its next use: a send to it failed, perhaps because the limit shrank since
     * it was read.
     */
    public void forget(String topic) {
        Limit known = limits.get(topic);
        if (known != null && known.bytes() != NOT_KNOWABLE) {
            limits.put(topic, new Limit(known.bytes(), known.readAtNanos(), true));
        }
    }

    private void lookUp(String topic, Runnable whenKnown) {
        if (!looking.add(topic)) {
            return;
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            admin().describeConfigs(List.of(resource)).values().get(resource).whenComplete((described, failure) -> {
                looking.remove(topic);
                remember(topic, described, failure);
                whenKnown.run();
            });
        } catch (RuntimeException e) {
            looking.remove(topic);
            remember(topic, null, e);
            whenKnown.run();
        }
    }

    private void remember(String topic, Config described, Throwable failure) {
        ConfigEntry entry = described == null ? null : described.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        long bytes = NOT_KNOWABLE;
        if (entry != null && entry.value() != null) {
            try {
                bytes = Long.parseLong(entry.value());
            } catch (NumberFormatException e) {
                failure = e;
            }
        } else if (failure == null) {
            failure = new IllegalStateException("the broker did not return max.message.bytes");
        }
        if (bytes == NOT_KNOWABLE && warned.add(topic)) {
            Log.warnf(
                    "outbox relay: cannot read max.message.bytes of topic %s (%s); only the producer's"
                            + " max.request.size is checked before sending to it. Grant this service DESCRIBE_CONFIGS"
                            + " on the topic. Tried again every %s",
                    topic, OutboxRelay.firstLine(failure), config.outbox().topicLimitsRefresh());
        } else if (bytes != NOT_KNOWABLE) {
            Limit before = limits.get(topic);
            if (before == null || before.bytes() != bytes) {
                Log.infof("outbox relay: topic %s takes records up to %d bytes (max.message.bytes)", topic, bytes);
                if (bytes < batchSize) {
                    Log.errorf(
                            "outbox relay: topic %s's max.message.bytes (%d) is below the producer's batch.size (%d):"
                                    + " a record over it that reaches the producer before this limit is read (a change"
                                    + " within day2.outbox.topic-limits-refresh) makes it split and retry without end"
                                    + " (KAFKA-8350). Raise the topic's max.message.bytes",
                            topic, bytes, batchSize);
                }
            }
            warned.remove(topic);
        }
        limits.put(topic, new Limit(bytes, System.nanoTime(), false));
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    Properties properties = new Properties();
                    Set<String> known = AdminClientConfig.configNames();
                    kafkaConfig.forEach((name, value) -> {
                        if (known.contains(name)
                                && value != null
                                && !String.valueOf(value).isEmpty()) {
                            properties.put(name, value);
                        }
                    });
                    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "day2-outbox-topic-limits");
                    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
                    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
                    admin = Admin.create(properties);
                }
                current = admin;
            }
        }
        return current;
    }
}
