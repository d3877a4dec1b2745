package io.day2ops.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.events.EventType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's ACLs and authentication, against the real broker the flow tests use ({@link SharedKafka}): each
 * principal may do exactly what {@link BusAccess} grants, and nobody gets in without credentials.
 */
class BusAccessTest {

    private static String bootstrap;

    @BeforeAll
    static void broker() {
        bootstrap = SharedKafka.bootstrapServers();
        assertThat(SharedKafka.clientProperties(BusAccess.ADMIN))
                .as("the shared broker is secured (DAY2_KAFKA_SECURITY_DIR for an external one)")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void ciMayPublishBackupAndUpgradeRequestsButTheBrokerRefusesItARestore() throws Exception {
        try (KafkaProducer<String, String> ci = producer("ci")) {
            assertThat(send(ci, EventType.BACKUP_REQUESTED.topic()).topic())
                    .isEqualTo(EventType.BACKUP_REQUESTED.topic());
            assertThat(send(ci, EventType.UPGRADE_REQUESTED.topic()).topic())
                    .isEqualTo(EventType.UPGRADE_REQUESTED.topic());
            assertThatThrownBy(() -> send(ci, EventType.RESTORE_REQUESTED.topic()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(EventType.RESTORE_REQUESTED.topic());
            assertThatThrownBy(() -> send(ci, EventType.DRAIN_REQUESTED.topic()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aServiceMayNotReadAnotherServicesInputsNorPublishItsAnswers() throws Exception {
        try (KafkaConsumer<String, String> backup =
                consumer("backup-service", "backup-service-acl-" + UUID.randomUUID())) {
            backup.subscribe(List.of(EventType.DRILL_REQUESTED.topic()));
            assertThatThrownBy(() -> backup.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(EventType.DRILL_REQUESTED.topic());
        }
        try (KafkaProducer<String, String> backup = producer("backup-service")) {
            assertThatThrownBy(() -> send(backup, EventType.DRILL_COMPLETED.topic()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            // dead letters only of its own inputs
            assertThat(send(backup, EventType.RESTORE_REQUESTED.deadLetterTopic())
                            .topic())
                    .isEqualTo(EventType.RESTORE_REQUESTED.deadLetterTopic());
            assertThatThrownBy(() -> send(backup, EventType.SNAPSHOT_TAKEN.deadLetterTopic()))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theConsoleReadsAnswersAndDeadLettersAndWritesNoRequest() throws Exception {
        try (KafkaConsumer<String, String> console = consumer("console", "console-acl-" + UUID.randomUUID())) {
            console.subscribe(List.of(EventType.SNAPSHOT_TAKEN.topic(), EventType.DRILL_COMPLETED.topic()));
            console.poll(Duration.ofSeconds(5)); // authorized for the answers and its own groups
        }
        try (KafkaConsumer<String, String> console = consumer("console", null)) {
            org.apache.kafka.common.TopicPartition dlq =
                    new org.apache.kafka.common.TopicPartition(EventType.BACKUP_REQUESTED.deadLetterTopic(), 0);
            console.assign(List.of(dlq));
            console.seekToBeginning(List.of(dlq));
            console.poll(Duration.ofSeconds(5)); // the delivery page's read: a dead-letter topic, no group
        }
        try (KafkaConsumer<String, String> console = consumer("console", "console-acl-" + UUID.randomUUID())) {
            console.subscribe(List.of(EventType.BACKUP_REQUESTED.topic()));
            assertThatThrownBy(() -> console.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> console = producer("console")) {
            assertThatThrownBy(() -> send(console, EventType.BACKUP_REQUESTED.topic()))
                    .as("its actions are HTTP commands with the person's token, never its own requests")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aServiceReadsItsOwnInputsButOnlyInItsOwnConsumerGroups() {
        try (KafkaConsumer<String, String> own =
                consumer("backup-service", "backup-service-acl-" + UUID.randomUUID())) {
            own.subscribe(List.of(EventType.BACKUP_REQUESTED.topic()));
            own.poll(Duration.ofSeconds(5)); // no exception: authorized for the topic and the group
        }
        try (KafkaConsumer<String, String> foreignGroup = consumer("backup-service", "dr-service")) {
            foreignGroup.subscribe(List.of(EventType.BACKUP_REQUESTED.topic()));
            assertThatThrownBy(() -> foreignGroup.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aServiceMayReadTheLimitsOfTheTopicsItWritesButNoOtherConfiguration() throws Exception {
        try (Admin backup = admin("backup-service");
                Admin upgrade = admin("upgrade-service")) {
            ConfigResource own = new ConfigResource(ConfigResource.Type.TOPIC, EventType.SNAPSHOT_TAKEN.topic());
            assertThat(backup.describeConfigs(List.of(own))
                            .all()
                            .get()
                            .get(own)
                            .get("max.message.bytes")
                            .value())
                    .as("the outbox reads max.message.bytes of what it writes")
                    .matches("\\d+");
            ConfigResource foreign = new ConfigResource(ConfigResource.Type.TOPIC, EventType.DRILL_COMPLETED.topic());
            assertThatThrownBy(
                            () -> backup.describeConfigs(List.of(foreign)).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            // upgrade-service reads SnapshotTaken and never writes it
            assertThatThrownBy(() -> upgrade.describeConfigs(List.of(own)).all().get())
                    .as("nor of the topics it only reads")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static Admin admin(String principal) {
        Map<String, Object> config = new HashMap<>(SharedKafka.clientProperties(principal));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(config);
    }

    @Test
    void aWrongPasswordIsRefusedAtAuthentication() {
        Map<String, Object> config = new HashMap<>(SharedKafka.clientProperties("sre"));
        config.put("sasl.jaas.config", SharedKafka.jaas("sre", "not-the-password"));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aPlaintextClientGetsNothing() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class);
        }
    }

    private static RecordMetadata send(KafkaProducer<String, String> producer, String topic) throws Exception {
        return producer.send(new ProducerRecord<>(topic, "acl-test", "{}")).get();
    }

    private static KafkaProducer<String, String> producer(String principal) {
        Properties properties = new Properties();
        properties.putAll(SharedKafka.clientProperties(principal));
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String principal, String group) {
        Properties properties = new Properties();
        properties.putAll(SharedKafka.clientProperties(principal));
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (group != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }
}
