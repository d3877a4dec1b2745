package io.day2ops.foundation.init;

import io.day2ops.events.EventType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * What a day2ops installation needs before its services start, created idempotently: every contract topic and its
 * dead-letter topic (auto-creation is off on a good broker, so a typo cannot make a topic), and each service's
 * database. Run as the Kubernetes init Job ({@code k8s/base/init-job.yaml}, from a service image) and by tests against
 * the local broker and database. Plain Java (Kafka Admin client, JDBC): no Quarkus. Existing topics and databases are
 * left as they are (a different partition count is reported, never changed).
 *
 * <p>Environment: {@code KAFKA_BOOTSTRAP_SERVERS}; the bus security of the services ({@code
 * DAY2_KAFKA_SECURITY_PROTOCOL} (SASL_SSL), {@code DAY2_KAFKA_SASL_MECHANISM} (SCRAM-SHA-512), {@code
 * DAY2_KAFKA_USERNAME} (admin: it needs to create topics), {@code DAY2_KAFKA_PASSWORD}, {@code DAY2_KAFKA_CA_FILE};
 * {@code KAFKA_SASL_JAAS_CONFIG} overrides the login);
 * {@code DAY2_TOPIC_PARTITIONS} (6), {@code DAY2_DLQ_PARTITIONS} (1), {@code DAY2_TOPIC_REPLICATION} (3), {@code
 * DAY2_TOPIC_RETENTION_MS} (7 days), {@code DAY2_DLQ_RETENTION_MS} (30 days); {@code DB_HOST}, {@code DB_PORT}
 * (5432), {@code DAY2_DB_ADMIN_USER}/{@code DAY2_DB_ADMIN_PASSWORD} (a role that may create databases), {@code
 * DAY2_DATABASES} (day2_scheduler,day2_backup,day2_upgrade,day2_dr,day2_console), {@code DAY2_DB_OWNER} (the services' user, from the Secret
 * day2ops-db). Empty {@code KAFKA_BOOTSTRAP_SERVERS} or {@code DB_HOST} skips that part.
 */
public final class Day2Init {

    /** What one run did: per topic or database, {@code created}, {@code exists} or a note. */
    public record Report(Map<String, String> topics, Map<String, String> databases) {}

    private final Map<String, String> env;

    public Day2Init(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        try {
            Report report = new Day2Init(System.getenv()).run();
            report.topics().forEach((topic, what) -> System.out.printf("topic    %-45s %s%n", topic, what));
            report.databases().forEach((db, what) -> System.out.printf("database %-45s %s%n", db, what));
            System.out.println("day2ops init: done");
        } catch (Exception e) {
            System.err.println("day2ops init failed: " + e);
            System.exit(1);
        }
    }

    /** Creates what is missing; answers what it found and did. */
    public Report run() throws Exception {
        Map<String, String> topics = env("KAFKA_BOOTSTRAP_SERVERS", "").isBlank() ? Map.of() : topics(contractTopics());
        Map<String, String> databases = env("DB_HOST", "").isBlank() ? Map.of() : databases();
        return new Report(topics, databases);
    }

    /** Every contract topic with its partitions, then every dead-letter topic. */
    public List<NewTopic> contractTopics() {
        int partitions = Integer.parseInt(env("DAY2_TOPIC_PARTITIONS", "6"));
        int dlqPartitions = Integer.parseInt(env("DAY2_DLQ_PARTITIONS", "1"));
        short replication = Short.parseShort(env("DAY2_TOPIC_REPLICATION", "3"));
        List<NewTopic> topics = new ArrayList<>();
        for (EventType<?> type : EventType.ALL) {
            topics.add(new NewTopic(type.topic(), partitions, replication)
                    .configs(Map.of("retention.ms", env("DAY2_TOPIC_RETENTION_MS", "604800000"))));
        }
        for (EventType<?> type : EventType.ALL) {
            topics.add(new NewTopic(type.deadLetterTopic(), dlqPartitions, replication)
                    .configs(Map.of("retention.ms", env("DAY2_DLQ_RETENTION_MS", "2592000000"))));
        }
        return topics;
    }

    /** Creates the missing ones of {@code wanted}. */
    public Map<String, String> topics(List<NewTopic> wanted) throws Exception {
        Map<String, String> done = new LinkedHashMap<>();
        try (Admin admin = Admin.create(kafkaProperties())) {
            Set<String> existing = admin.listTopics().names().get();
            Map<String, Integer> partitions = new HashMap<>();
            List<String> present = wanted.stream()
                    .map(NewTopic::name)
                    .filter(existing::contains)
                    .toList();
            if (!present.isEmpty()) {
                admin.describeTopics(present)
                        .allTopicNames()
                        .get()
                        .forEach(
                                (name, d) -> partitions.put(name, d.partitions().size()));
            }
            for (NewTopic topic : wanted) {
                if (existing.contains(topic.name())) {
                    int has = partitions.getOrDefault(topic.name(), -1);
                    done.put(
                            topic.name(),
                            has == topic.numPartitions()
                                    ? "exists"
                                    : "exists (" + has + " partitions, not " + topic.numPartitions() + ": left as is)");
                    continue;
                }
                try {
                    admin.createTopics(List.of(topic)).all().get();
                    done.put(topic.name(), "created (" + topic.numPartitions() + " partitions)");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e);
                    }
                    done.put(topic.name(), "exists"); // created meanwhile by another run
                }
            }
        }
        return done;
    }

    private Properties kafkaProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env("KAFKA_BOOTSTRAP_SERVERS", ""));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        String protocol = env("DAY2_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        props.put("security.protocol", protocol);
        if (protocol.startsWith("SASL")) {
            props.put("sasl.mechanism", env("DAY2_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"));
            String module = env("DAY2_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512").equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            props.put(
                    "sasl.jaas.config",
                    env(
                            "KAFKA_SASL_JAAS_CONFIG",
                            module + " required username=\"" + env("DAY2_KAFKA_USERNAME", "admin") + "\" password=\""
                                    + env("DAY2_KAFKA_PASSWORD", "") + "\";"));
        }
        if (protocol.endsWith("SSL") && !env("DAY2_KAFKA_CA_FILE", "").isBlank()) {
            props.put("ssl.truststore.type", "PEM");
            props.put("ssl.truststore.location", env("DAY2_KAFKA_CA_FILE", ""));
        }
        return props;
    }

    private Map<String, String> databases() throws SQLException {
        Map<String, String> done = new LinkedHashMap<>();
        String url = "jdbc:postgresql://" + env("DB_HOST", "") + ":" + env("DB_PORT", "5432") + "/postgres";
        String owner = env("DAY2_DB_OWNER", "");
        try (Connection db = DriverManager.getConnection(
                url, env("DAY2_DB_ADMIN_USER", "postgres"), env("DAY2_DB_ADMIN_PASSWORD", ""))) {
            for (String name : env("DAY2_DATABASES", "day2_scheduler,day2_backup,day2_upgrade,day2_dr,day2_console")
                    .split(",")) {
                String database = name.trim();
                if (!database.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("DAY2_DATABASES: '" + database + "' is not a plain name");
                }
                try (PreparedStatement exists = db.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, database);
                    try (ResultSet found = exists.executeQuery()) {
                        if (found.next()) {
                            done.put(database, "exists");
                            continue;
                        }
                    }
                }
                try (Statement create = db.createStatement()) {
                    create.execute("CREATE DATABASE " + database
                            + (owner.isBlank() ? "" : " OWNER \"" + owner.replace("\"", "") + "\""));
                    done.put(database, "created" + (owner.isBlank() ? "" : " (owner " + owner + ")"));
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created meanwhile
                        throw e;
                    }
                    done.put(database, "exists");
                }
            }
        }
        return done;
    }

    private String env(String name, String fallback) {
        String value = env.get(name);
        return value == null ? fallback : value;
    }
}
