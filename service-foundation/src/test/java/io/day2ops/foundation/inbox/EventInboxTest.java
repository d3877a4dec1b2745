package io.day2ops.foundation.inbox;

import static io.day2ops.testing.Flow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.day2ops.foundation.TestTransactions;
import io.day2ops.foundation.inbox.EventInbox.Deliveries;
import io.day2ops.foundation.inbox.EventInbox.Delivery;
import io.day2ops.testing.Day2FlowTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.List;
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
        Delivery x = event("x");
        Delivery y = event("y");
        Delivery z = event("z");

        Deliveries first = deliver(consumer, List.of(x, y));
        Deliveries redelivered = deliver(consumer, List.of(y, z));

        assertThat(first.first()).containsExactlyInAnyOrder(x.id(), y.id());
        assertThat(redelivered.first()).containsExactly(z.id());
        assertThat(redelivered.reused()).isEmpty();
    }

    @Test
    void anIdSeenBeforeWithAnotherPayloadIsReportedAsReused() {
        Delivery x = event("x");
        Delivery forged = new Delivery(x.id(), EventInbox.digest("{\"name\":\"something else\"}"));

        deliver(consumer, List.of(x));
        Deliveries again = deliver(consumer, List.of(forged));

        assertThat(again.first()).isEmpty();
        assertThat(again.reused()).containsEntry(x.id(), x.payloadSha256());
    }

    @Test
    void eachConsumerHasItsOwnInbox() {
        Delivery x = event("x");

        assertThat(deliver(consumer, List.of(x)).first()).containsExactly(x.id());
        assertThat(deliver(consumer + "-other", List.of(x)).first()).containsExactly(x.id());
    }

    @Test
    void aTransactionThatRollsBackForgetsTheDelivery() {
        Delivery x = event("x");

        try {
            TestTransactions.inTransaction(
                    vertx,
                    () -> inbox.firstDeliveries(consumer, "t", List.of(x)).invoke(ids -> {
                        throw new IllegalStateException("the work failed");
                    }));
        } catch (IllegalStateException expected) {
            // the work and its inbox row roll back together
        }

        assertThat(deliver(consumer, List.of(x)).first()).containsExactly(x.id());
    }

    private Deliveries deliver(String consumer, List<Delivery> events) {
        return TestTransactions.inTransaction(vertx, () -> inbox.firstDeliveries(consumer, "t", events));
    }

    private static Delivery event(String name) {
        return new Delivery(UUID.randomUUID().toString(), EventInbox.digest("{\"name\":\"" + name + "\"}"));
    }
}
