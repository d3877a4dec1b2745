package io.day2ops.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.EventType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml is checked against what the services actually read: their HTTP
 * port, databases, broker and topics. A service renamed, a port moved or a topic added without the compose file
 * following fails here.
 */
class ComposeFileTest {

    private static Map<String, Object> services;

    @BeforeAll
    static void load() {
        Map<String, Object> compose =
                new Yaml().load(RepositoryFiles.read(RepositoryFiles.root().resolve("docker-compose.yml")));
        services = map(compose.get("services"));
    }

    @Test
    void runsTheInfrastructureAndEveryService() {
        assertThat(services.keySet())
                .containsAll(RepositoryFiles.DEPLOYABLES)
                .contains("kafka", "kafka-init", "postgres", "kafka-ui");
    }

    @Test
    void everyServiceIsBuiltFromItsModulesJvmDockerfileAndExposesItsHttpPort() {
        for (String name : RepositoryFiles.DEPLOYABLES) {
            Map<String, Object> service = map(services.get(name));
            Map<String, Object> build = map(service.get("build"));
            Path context = RepositoryFiles.root()
                    .resolve((String) build.get("context"))
                    .normalize();
            Path dockerfile = context.resolve((String) build.get("dockerfile"));
            assertThat(context)
                    .as(name + " build context")
                    .isEqualTo(RepositoryFiles.root().resolve(name));
            assertThat(dockerfile).as(name + " Dockerfile").isRegularFile();

            String port = RepositoryFiles.serviceConfig(name).getProperty("quarkus.http.port");
            String docker = RepositoryFiles.read(dockerfile);
            assertThat(docker).as(name + " Dockerfile").contains("EXPOSE " + port, "target/quarkus-app", "USER 185");
            if (name.equals("backup-service") || name.equals("dr-service")) {
                // both verify etcd snapshots by restoring them into a scratch etcd (backup: after capture; dr: drills)
                assertThat(docker).as(name + " Dockerfile").contains("/usr/local/bin/etcd /usr/local/bin/etcdutl");
            }
            assertThat(strings(service.get("ports"))).as(name + " ports").contains(port + ":" + port);
            assertThat(String.join(" ", strings(map(service.get("healthcheck")).get("test"))))
                    .as(name + " healthcheck")
                    .contains("http://localhost:" + port + "/q/health/ready");
        }
    }

    @Test
    void everyServiceUsesItsOwnDatabaseWithTheCredentialsPostgresIsStartedWith() {
        Map<String, Object> postgresEnv = map(map(services.get("postgres")).get("environment"));
        String initScript = initScripts();
        for (String name : RepositoryFiles.DEPLOYABLES) {
            Properties config = RepositoryFiles.serviceConfig(name);
            Map<String, Object> env = map(map(services.get(name)).get("environment"));
            String database = database(config.getProperty("quarkus.datasource.reactive.url"));
            assertThat(database(config.getProperty("quarkus.datasource.jdbc.url")))
                    .isEqualTo(database);

            for (String key : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_REACTIVE_URL")) {
                URI url = URI.create(((String) env.get(key)).replaceFirst("^jdbc:", ""));
                assertThat(url.getHost()).as(name + " " + key).isEqualTo("postgres");
                assertThat(url.getPort()).as(name + " " + key).isEqualTo(5432);
                assertThat(url.getPath()).as(name + " " + key).isEqualTo("/" + database);
            }
            assertThat(initScript)
                    .as("init script creates " + database)
                    .containsPattern("(?i)CREATE DATABASE\\s+" + database + "\\s*;");
            assertThat(env.get("QUARKUS_DATASOURCE_USERNAME")).isEqualTo(postgresEnv.get("POSTGRES_USER"));
            assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD")).isEqualTo(postgresEnv.get("POSTGRES_PASSWORD"));
        }
    }

    @Test
    void servicesAndKafkaUiReachTheBrokerOnAListenerItAdvertisesInsideTheNetwork() {
        Map<String, Object> kafkaEnv = map(map(services.get("kafka")).get("environment"));
        List<String> advertised = Arrays.stream(((String) kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS")).split(","))
                .map(listener -> listener.replaceFirst("^[A-Z_]+://", ""))
                .toList();
        assertThat(advertised).contains("kafka:9092");
        for (String name : RepositoryFiles.DEPLOYABLES) {
            Object bootstrap = map(map(services.get(name)).get("environment")).get("KAFKA_BOOTSTRAP_SERVERS");
            assertThat(bootstrap).as(name).isEqualTo("kafka:9092");
        }
        assertThat(map(map(services.get("kafka-ui")).get("environment")).get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS"))
                .isEqualTo("kafka:9092");
    }

    @Test
    void topicsCreatedAreEveryContractTopicAndItsDeadLetterTopicAndCoverWhatServicesConsume() {
        assertThat(map(map(services.get("kafka")).get("environment")).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))
                .isEqualTo("false");
        List<String> created = Arrays.asList(((String)
                        map(map(services.get("kafka-init")).get("environment")).get("DAY2_TOPICS"))
                .trim()
                .split("\\s+"));
        List<String> expected = new ArrayList<>();
        for (EventType<?> type : EventType.ALL) {
            expected.add(type.topic());
            expected.add(type.deadLetterTopic());
        }
        assertThat(created).containsExactlyInAnyOrderElementsOf(expected);

        for (String name : RepositoryFiles.DEPLOYABLES) {
            Properties config = RepositoryFiles.serviceConfig(name);
            for (String key : config.stringPropertyNames()) {
                if (key.startsWith("mp.messaging.") && key.endsWith(".topic")) {
                    assertThat(created).as(name + " " + key).contains(config.getProperty(key));
                }
            }
        }
    }

    @Test
    void servicesStartOnlyAfterTheInfrastructureIsHealthyAndTheTopicsExist() {
        for (String name : RepositoryFiles.DEPLOYABLES) {
            Map<String, Object> dependsOn = map(map(services.get(name)).get("depends_on"));
            assertThat(map(dependsOn.get("kafka")).get("condition")).isEqualTo("service_healthy");
            assertThat(map(dependsOn.get("postgres")).get("condition")).isEqualTo("service_healthy");
            assertThat(map(dependsOn.get("kafka-init")).get("condition")).isEqualTo("service_completed_successfully");
        }
        for (String infra : List.of("kafka", "postgres")) {
            assertThat(map(services.get(infra))).as(infra).containsKey("healthcheck");
        }
    }

    private static String initScripts() {
        Map<String, Object> postgres = map(services.get("postgres"));
        StringBuilder scripts = new StringBuilder();
        for (String volume : strings(postgres.get("volumes"))) {
            String[] parts = volume.split(":");
            if (parts[1].equals("/docker-entrypoint-initdb.d")) {
                try (var files =
                        Files.list(RepositoryFiles.root().resolve(parts[0]).normalize())) {
                    files.sorted()
                            .forEach(file ->
                                    scripts.append(RepositoryFiles.read(file)).append('\n'));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        assertThat(scripts).as("postgres init scripts").isNotEmpty();
        return scripts.toString();
    }

    private static String database(String url) {
        Matcher matcher = Pattern.compile("/([a-z0-9_]+)(\\?.*)?$").matcher(url);
        assertThat(matcher.find()).as("database in " + url).isTrue();
        return matcher.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<String>) value;
    }
}
