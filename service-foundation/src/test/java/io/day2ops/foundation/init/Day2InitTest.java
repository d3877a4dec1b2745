package io.day2ops.foundation.init;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.EventType;
import io.day2ops.testing.SharedKafka;
import io.day2ops.testing.SharedPostgres;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * The init Job's program against the real local broker and database, twice: every contract topic and dead-letter
 * topic and every database is there after the first run, and the second changes nothing and fails on nothing. The
 * contract topics exist on the shared broker already (its own start makes them), so two topics of this run's own
 * prove the creating path as well.
 */
class Day2InitTest {

    @Test
    void createsEveryTopicAndDatabaseAndASecondRunChangesNothing() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = env("init_a_" + suffix + ",init_b_" + suffix);
        Day2Init init = new Day2Init(env);
        List<NewTopic> wanted = new ArrayList<>(init.contractTopics());
        wanted.add(new NewTopic("day2.init-test-" + suffix + ".v1", 2, (short) 1));
        wanted.add(new NewTopic("day2.init-test-" + suffix + ".v1.dlq", 1, (short) 1));

        Map<String, String> first = init.topics(wanted);
        Day2Init.Report firstReport = init.run();

        assertThat(first).containsEntry("day2.init-test-" + suffix + ".v1", "created (2 partitions)");
        assertThat(first).containsEntry("day2.init-test-" + suffix + ".v1.dlq", "created (1 partitions)");
        assertThat(firstReport.databases())
                .containsEntry("init_a_" + suffix, "created")
                .containsEntry("init_b_" + suffix, "created");
        try (Admin admin = Admin.create(adminProperties())) {
            List<String> names = new ArrayList<>(admin.listTopics().names().get());
            for (EventType<?> type : EventType.ALL) {
                assertThat(names).contains(type.topic(), type.deadLetterTopic());
            }
            assertThat(names).contains("day2.init-test-" + suffix + ".v1");
        }

        Map<String, String> second = init.topics(wanted);
        Day2Init.Report secondReport = init.run();

        assertThat(second.values()).allMatch(what -> what.startsWith("exists"));
        assertThat(secondReport.topics().values()).allMatch(what -> what.startsWith("exists"));
        assertThat(secondReport.topics()).hasSize(2 * EventType.ALL.size());
        assertThat(secondReport.databases())
                .containsOnly(Map.entry("init_a_" + suffix, "exists"), Map.entry("init_b_" + suffix, "exists"));
    }

    private static Map<String, String> env(String databases) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers());
        Map<String, String> security = SharedKafka.clientProperties("admin");
        if (security.isEmpty()) {
            env.put("DAY2_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        } else {
            env.put("KAFKA_SASL_JAAS_CONFIG", security.get("sasl.jaas.config"));
            env.put("DAY2_KAFKA_CA_FILE", security.get("ssl.truststore.location"));
        }
        env.put("DAY2_TOPIC_REPLICATION", "1");
        SharedPostgres.PgServer pg = SharedPostgres.server();
        env.put("DB_HOST", pg.host());
        env.put("DB_PORT", String.valueOf(pg.port()));
        env.put("DAY2_DB_ADMIN_USER", pg.user());
        env.put("DAY2_DB_ADMIN_PASSWORD", pg.password());
        env.put("DAY2_DATABASES", databases);
        return env;
    }

    private static Properties adminProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", SharedKafka.bootstrapServers());
        props.putAll(SharedKafka.clientProperties("admin"));
        return props;
    }
}
