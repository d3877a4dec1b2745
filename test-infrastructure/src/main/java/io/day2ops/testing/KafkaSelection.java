package io.day2ops.testing;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Which Kafka broker a test run uses, as the design names them: {@code KAFKA_BOOTSTRAP_SERVERS} when set (the broker
 * {@code ./day2 infra up} started, or any other); else {@code DAY2_TEST_KAFKA}: {@code embedded} (the default: a
 * broker process of this JVM's classpath, secured as in production) or {@code testcontainers} (Testcontainers'
 * {@code apache/kafka} container, which needs a reachable Docker engine and is plaintext, so the ACL tests do not hold
 * on it). Choosing testcontainers without a Docker engine is an error that says so, never a silent fallback.
 */
public final class KafkaSelection {

    /** The variable that selects the broker kind. */
    public static final String VARIABLE = "DAY2_TEST_KAFKA";

    /** Where the run's broker comes from. */
    public enum Broker {
        /** {@code KAFKA_BOOTSTRAP_SERVERS}. */
        EXTERNAL,
        /** A {@link LocalKafka} process. */
        EMBEDDED,
        /** A Testcontainers Kafka container. */
        TESTCONTAINERS
    }

    private KafkaSelection() {}

    /**
     * @param env the environment ({@code System.getenv()})
     * @param dockerReachable asked only when testcontainers is selected
     */
    public static Broker choose(Map<String, String> env, BooleanSupplier dockerReachable) {
        String external = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return Broker.EXTERNAL;
        }
        String selected = env.getOrDefault(VARIABLE, "").trim();
        switch (selected) {
            case "", "embedded" -> {
                return Broker.EMBEDDED;
            }
            case "testcontainers" -> {
                if (!dockerReachable.getAsBoolean()) {
                    throw new IllegalStateException(VARIABLE + "=testcontainers, but no Docker engine is reachable"
                            + " (DOCKER_HOST, /var/run/docker.sock, ~/.testcontainers.properties): start one, or unset"
                            + " " + VARIABLE + " to use the embedded broker");
                }
                return Broker.TESTCONTAINERS;
            }
            default ->
                throw new IllegalStateException(VARIABLE + "=" + selected
                        + " is not a broker kind: use embedded (the default) or testcontainers");
        }
    }
}
