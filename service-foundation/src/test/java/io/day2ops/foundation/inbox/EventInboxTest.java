package io.day2ops.foundation.inbox;

import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.CloudEvent;
import io.day2ops.foundation.TestTransactions;
import io.day2ops.testing.Day2FlowTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A redelivered event changes nothing: the inbox tells a consumer which ids it sees for the first time. */
@Day2FlowTest
class EventInboxTest {

    @Inject
    EventInbox inbox;

    @Inject
    Vertx vertx;

    private final String consumer = unique("inbox-test");

    @Test
    void anIdSeenBeforeIsNotAFirstDeliveryAgain() {
        CloudEvent<?> x = event("x");
        CloudEvent<?> y = event("y");
        CloudEvent<?> z = event("z");

        Set<String> first = deliver(consumer, List.of(x, y));
        Set<String> redelivered = deliver(consumer, List.of(y, z));

        assertThat(first).containsExactlyInAnyOrder(x.id(), y.id());
        assertThat(redelivered).containsExactly(z.id());
    }

    @Test
    void eachConsumerHasItsOwnInbox() {
        CloudEvent<?> x = event("x");

        assertThat(deliver(consumer, List.of(x))).containsExactly(x.id());
        assertThat(deliver(consumer + "-other", List.of(x))).containsExactly(x.id());
    }

    @Test
    void aTransactionThatRollsBackForgetsTheDelivery() {
        CloudEvent<?> x = event("x");

        try {
            TestTransactions.inTransaction(
                    vertx,
                    () -> inbox.firstDeliveries(consumer, "t", List.of(x)).invoke(ids -> {
                        throw new IllegalStateException("the work failed");
                    }));
        } catch (IllegalStateException expected) {
            // the work and its inbox row roll back together
        }

        assertThat(deliver(consumer, List.of(x))).containsExactly(x.id());
    }

    private Set<String> deliver(String consumer, List<CloudEvent<?>> events) {
        return TestTransactions.inTransaction(vertx, () -> inbox.firstDeliveries(consumer, "t", events));
    }

    private static CloudEvent<?> event(String name) {
        return CloudEvent.of(
                UUID.randomUUID().toString(),
                "/test",
                Instant.now(),
                new BackupFailed(name, "primary", "test", Instant.now(), Instant.now(), null));
    }
}
