package io.day2ops.backup.messaging;

import io.day2ops.backup.service.BackupJob;
import io.day2ops.backup.service.BackupRequests;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.foundation.jobs.JobRunner;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.backup.requested.v1} in: each new request becomes a catalog entry and a job. */
@ApplicationScoped
public class BackupRequestConsumer {

    static final String CONSUMER = "backup-service.backup-requested";

    private final InboundEvents inbound;
    private final BackupRequests requests;
    private final JobRunner jobRunner;

    public BackupRequestConsumer(InboundEvents inbound, BackupRequests requests, JobRunner jobRunner) {
        this.inbound = inbound;
        this.requests = requests;
        this.jobRunner = jobRunner;
    }

    @Incoming("backup-requested")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.processBatchRefusing(batch, CONSUMER, EventType.BACKUP_REQUESTED, requests::acceptAll)
                .invoke(() -> jobRunner.wakeUp(BackupJob.KIND));
    }
}
