package io.day2ops.upgrade.messaging;

import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.foundation.jobs.JobRunner;
import io.day2ops.upgrade.service.DrainJob;
import io.day2ops.upgrade.service.DrainRequests;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.upgrade.drain-requested.v1} in: each new request becomes a row and a drain job. */
@ApplicationScoped
public class DrainRequestConsumer {

    private final InboundEvents inbound;
    private final DrainRequests drains;
    private final JobRunner jobRunner;

    public DrainRequestConsumer(InboundEvents inbound, DrainRequests drains, JobRunner jobRunner) {
        this.inbound = inbound;
        this.drains = drains;
        this.jobRunner = jobRunner;
    }

    @Incoming("drain-requested")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, "upgrade-service.drain-requested", EventType.DRAIN_REQUESTED, drains::accept)
                .invoke(() -> jobRunner.wakeUp(DrainJob.KIND));
    }
}
