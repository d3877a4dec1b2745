package io.day2ops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kafka broker tests use, secured as in production (see {@link LocalKafka}): {@code KAFKA_BOOTSTRAP_SERVERS} when
 * set ({@code ./day2 infra up} starts one broker for the whole run; {@code DAY2_KAFKA_SECURITY_DIR} says where its CA
 * and credentials are), else a {@link LocalKafka} process started once for this JVM and stopped when it exits, or,
 * with {@code DAY2_TEST_KAFKA=testcontainers}, a Testcontainers container ({@link KafkaSelection}).
 */
public final class SharedKafka {

    private static String bootstrapServers;
    private static Path security;
    private static LocalProcess broker;

    private SharedKafka() {}

    /** The bootstrap servers of the broker, starting a local one on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        KafkaSelection.Broker kind = KafkaSelection.choose(
                System.getenv(),
                () -> org.testcontainers.DockerClientFactory.instance().isDockerAvailable());
        if (kind == KafkaSelection.Broker.EXTERNAL) {
            String dir = System.getenv("DAY2_KAFKA_SECURITY_DIR");
            security = dir == null || dir.isBlank() ? null : Path.of(dir);
            bootstrapServers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            return bootstrapServers;
        }
        if (kind == KafkaSelection.Broker.TESTCONTAINERS) {
            // plaintext, one node: services run with DAY2_BUS_ALLOW_PLAINTEXT; ACLs are not enforced on it
            org.testcontainers.kafka.KafkaContainer container = new org.testcontainers.kafka.KafkaContainer(
                    System.getenv().getOrDefault("DAY2_TEST_KAFKA_IMAGE", "apache/kafka:4.1.0"));
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "testcontainers-kafka-stop"));
            security = null;
            bootstrapServers = container.getBootstrapServers();
            return bootstrapServers;
        }
        try {
            Path state = Files.createTempDirectory("day2-kafka");
            int port = freePort();
            int controllerPort = freePort();
            Path ready = state.resolve("ready");
            broker = LocalProcess.start(
                    "kafka",
                    List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx512m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            LocalKafka.class.getName(),
                            String.valueOf(port),
                            String.valueOf(controllerPort),
                            state.resolve("broker").toString(),
                            ready.toString()),
                    state,
                    "java could not start the local Kafka broker");
            broker.awaitFile(ready, Duration.ofSeconds(180));
            LocalProcess started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-kafka-stop"));
            security = state.resolve("broker").resolve("security");
            bootstrapServers = "127.0.0.1:" + port;
            return bootstrapServers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The client properties (security.protocol, SASL, TLS trust) with which {@code principal} connects to the broker;
     * empty for an external broker given without {@code DAY2_KAFKA_SECURITY_DIR} (a plaintext one).
     */
    public static synchronized Map<String, String> clientProperties(String principal) {
        bootstrapServers();
        return security == null ? Map.of() : clientProperties(security, principal);
    }

    /** The client properties of {@code principal} for a broker whose security folder is {@code security}. */
    static Map<String, String> clientProperties(Path security, String principal) {
        return Map.of(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                jaas(principal, LocalKafka.password(security, principal)),
                "ssl.truststore.type",
                "PEM",
                "ssl.truststore.location",
                security.resolve("ca.pem").toString());
    }

    /** The SASL/SCRAM login of {@code principal}. */
    public static String jaas(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password + "\";";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
