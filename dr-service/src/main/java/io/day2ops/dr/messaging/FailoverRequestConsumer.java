package io.day2ops.dr.messaging;

import io.day2ops.dr.service.DrillJob;
import io.day2ops.dr.service.Failovers;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.foundation.jobs.JobRunner;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.failover.requested.v1} in: each new request becomes a failover row and a job. */
@ApplicationScoped
public class FailoverRequestConsumer {

    static final String CONSUMER = "dr-service.failover-requested";

    private final InboundEvents inbound;
    private final Failovers failovers;
    private final JobRunner jobRunner;

    public FailoverRequestConsumer(InboundEvents inbound, Failovers failovers, JobRunner jobRunner) {
        this.inbound = inbound;
        this.failovers = failovers;
        this.jobRunner = jobRunner;
    }

    @Incoming("failover-requested")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, CONSUMER, EventType.FAILOVER_REQUESTED, failovers::accept)
                .invoke(() -> jobRunner.wakeUp(DrillJob.KIND));
    }
}
