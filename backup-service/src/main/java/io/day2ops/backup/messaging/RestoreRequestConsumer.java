package io.day2ops.backup.messaging;

import io.day2ops.backup.service.RestoreJob;
import io.day2ops.backup.service.RestoreRequests;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.foundation.jobs.JobRunner;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.restore.requested.v1} in: each new request becomes a catalog entry and a job. */
@ApplicationScoped
public class RestoreRequestConsumer {

    static final String CONSUMER = "backup-service.restore-requested";

    private final InboundEvents inbound;
    private final RestoreRequests requests;
    private final JobRunner jobRunner;

    public RestoreRequestConsumer(InboundEvents inbound, RestoreRequests requests, JobRunner jobRunner) {
        this.inbound = inbound;
        this.requests = requests;
        this.jobRunner = jobRunner;
    }

    @Incoming("restore-requested")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.processBatchRefusing(batch, CONSUMER, EventType.RESTORE_REQUESTED, requests::acceptAll)
                .invoke(() -> jobRunner.wakeUp(RestoreJob.KIND));
    }
}
