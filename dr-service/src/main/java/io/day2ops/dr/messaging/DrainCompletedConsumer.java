package io.day2ops.dr.messaging;

import io.day2ops.dr.service.DrainAnswers;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.upgrade.drain-completed.v1} in, from upgrade-service: a drill that drained its source moves on to the restore. */
@ApplicationScoped
public class DrainCompletedConsumer {

    static final String CONSUMER = "dr-service.drain-completed";

    private final InboundEvents inbound;
    private final DrainAnswers drains;

    public DrainCompletedConsumer(InboundEvents inbound, DrainAnswers drains) {
        this.inbound = inbound;
        this.drains = drains;
    }

    @Incoming("drain-completed")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, CONSUMER, EventType.DRAIN_COMPLETED, drains::drainCompleted);
    }
}
