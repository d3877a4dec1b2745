package io.day2ops.upgrade.messaging;

import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.foundation.jobs.JobRunner;
import io.day2ops.upgrade.service.GateJob;
import io.day2ops.upgrade.service.UpgradeRequests;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.upgrade.requested.v1} in: each new request becomes a row and a gate job. */
@ApplicationScoped
public class UpgradeRequestConsumer {

    static final String CONSUMER = "upgrade-service.upgrade-requested";

    private final InboundEvents inbound;
    private final UpgradeRequests requests;
    private final JobRunner jobRunner;

    public UpgradeRequestConsumer(InboundEvents inbound, UpgradeRequests requests, JobRunner jobRunner) {
        this.inbound = inbound;
        this.requests = requests;
        this.jobRunner = jobRunner;
    }

    @Incoming("upgrade-requested")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, CONSUMER, EventType.UPGRADE_REQUESTED, requests::accept)
                .invoke(() -> jobRunner.wakeUp(GateJob.KIND));
    }
}
