package io.day2ops.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.day2ops.testing.KafkaSelection.Broker;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which broker a test run gets, by its environment; Docker is asked about only when Testcontainers is chosen. */
class KafkaSelectionTest {

    private final AtomicInteger dockerAsked = new AtomicInteger();

    @Test
    void anExternalBrokerWinsWhateverElseIsSelected() {
        assertThat(KafkaSelection.choose(
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "DAY2_TEST_KAFKA", "testcontainers"),
                        docker(false)))
                .isEqualTo(Broker.EXTERNAL);
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void theEmbeddedBrokerIsTheDefaultAndNeverAsksForDocker() {
        assertThat(KafkaSelection.choose(Map.of(), docker(true))).isEqualTo(Broker.EMBEDDED);
        assertThat(KafkaSelection.choose(Map.of("DAY2_TEST_KAFKA", "embedded"), docker(true)))
                .isEqualTo(Broker.EMBEDDED);
        assertThat(KafkaSelection.choose(Map.of("KAFKA_BOOTSTRAP_SERVERS", " "), docker(true)))
                .isEqualTo(Broker.EMBEDDED);
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void testcontainersIsChosenOnlyWithADockerEngineAndSaysSoWithout() {
        assertThat(KafkaSelection.choose(Map.of("DAY2_TEST_KAFKA", "testcontainers"), docker(true)))
                .isEqualTo(Broker.TESTCONTAINERS);
        assertThatThrownBy(() -> KafkaSelection.choose(Map.of("DAY2_TEST_KAFKA", "testcontainers"), docker(false)))
                .hasMessageContaining("no Docker engine is reachable")
                .hasMessageContaining("unset DAY2_TEST_KAFKA to use the embedded broker");
        assertThat(dockerAsked).hasValue(2);
    }

    @Test
    void anUnknownKindIsAnErrorNamingTheKinds() {
        assertThatThrownBy(() -> KafkaSelection.choose(Map.of("DAY2_TEST_KAFKA", "docker"), docker(true)))
                .hasMessage(
                        "DAY2_TEST_KAFKA=docker is not a broker kind: use embedded (the default) or testcontainers");
    }

    private java.util.function.BooleanSupplier docker(boolean reachable) {
        return () -> {
            dockerAsked.incrementAndGet();
            return reachable;
        };
    }
}
