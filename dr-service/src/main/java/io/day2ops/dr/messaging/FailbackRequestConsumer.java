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

/** {@code day2.failback.requested.v1} in: each new request for a failover that succeeded becomes a failback row and a job. */
@ApplicationScoped
public class FailbackRequestConsumer {

    static final String CONSUMER = "dr-service.failback-requested";

    private final InboundEvents inbound;
    private final Failovers failovers;
    private final JobRunner jobRunner;

    public FailbackRequestConsumer(InboundEvents inbound, Failovers failovers, JobRunner jobRunner) {
        this.inbound = inbound;
        this.failovers = failovers;
        this.jobRunner = jobRunner;
    }

    @Incoming("failback-requested")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, CONSUMER, EventType.FAILBACK_REQUESTED, failovers::acceptFailback)
                .invoke(() -> jobRunner.wakeUp(DrillJob.KIND));
    }
}
