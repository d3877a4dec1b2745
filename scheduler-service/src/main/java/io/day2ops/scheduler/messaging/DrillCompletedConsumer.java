package io.day2ops.scheduler.messaging;

import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.scheduler.service.DrillCoverage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code DrillCompleted} in: a drill of a scheduled backup proves (or not) its schedule's backups restorable. */
@ApplicationScoped
public class DrillCompletedConsumer {

    private final InboundEvents inbound;
    private final DrillCoverage coverage;

    public DrillCompletedConsumer(InboundEvents inbound, DrillCoverage coverage) {
        this.inbound = inbound;
        this.coverage = coverage;
    }

    @Incoming("drill-completed")
    public Uni<Void> drillCompleted(KafkaRecordBatch<String, String> batch) {
        return inbound.process(
                batch, "scheduler-service.drill-completed", EventType.DRILL_COMPLETED, coverage::drilled);
    }
}
