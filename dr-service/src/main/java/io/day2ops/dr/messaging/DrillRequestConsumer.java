package io.day2ops.dr.messaging;

import io.day2ops.dr.service.DrillJob;
import io.day2ops.dr.service.DrillRequests;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.foundation.jobs.JobRunner;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.drill.requested.v1} in: each new request becomes a drill row and a job. */
@ApplicationScoped
public class DrillRequestConsumer {

    static final String CONSUMER = "dr-service.drill-requested";

    private final InboundEvents inbound;
    private final DrillRequests requests;
    private final JobRunner jobRunner;

    public DrillRequestConsumer(InboundEvents inbound, DrillRequests requests, JobRunner jobRunner) {
        this.inbound = inbound;
        this.requests = requests;
        this.jobRunner = jobRunner;
    }

    @Incoming("drill-requested")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, CONSUMER, EventType.DRILL_REQUESTED, requests::accept)
                .invoke(() -> jobRunner.wakeUp(DrillJob.KIND));
    }
}
