package io.day2ops.console.messaging;

import io.day2ops.console.service.ReadModel;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * When the read model starts empty (a new database, or a new generation), every answer topic is read from its
 * beginning, whatever offsets the console's group committed before (a database replaced under the same group would
 * otherwise start mid-stream and miss everything before). Each partition is sought once per start; the inbox keeps
 * what was already taken in from being taken twice.
 */
@ApplicationScoped
@Identifier("console-replay")
public class ReplayFromBeginning implements KafkaConsumerRebalanceListener {

    private final ReadModel model;
    private final boolean enabled;
    private final Set<TopicPartition> sought = ConcurrentHashMap.newKeySet();

    public ReplayFromBeginning(ReadModel model, io.day2ops.console.config.ConsoleConfig config) {
        this.model = model;
        this.enabled = config.replayWhenEmpty();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!enabled || !model.startsEmpty(Duration.ofSeconds(60))) {
            return;
        }
        java.util.List<TopicPartition> first =
                partitions.stream().filter(sought::add).toList();
        if (!first.isEmpty()) {
            consumer.seekToBeginning(first);
            Log.infof("read model starts empty: %s from the beginning", first);
        }
    }
}
