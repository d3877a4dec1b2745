package io.day2ops.dr.messaging;

import io.day2ops.dr.service.DrillVerifyJob;
import io.day2ops.dr.service.RestoreAnswers;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.foundation.jobs.JobRunner;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.restore.completed.v1} in, from backup-service: a drill whose restore answered moves on to verification. */
@ApplicationScoped
public class RestoreCompletedConsumer {

    static final String CONSUMER = "dr-service.restore-completed";

    private final InboundEvents inbound;
    private final RestoreAnswers restores;
    private final JobRunner jobRunner;

    public RestoreCompletedConsumer(InboundEvents inbound, RestoreAnswers restores, JobRunner jobRunner) {
        this.inbound = inbound;
        this.restores = restores;
        this.jobRunner = jobRunner;
    }

    @Incoming("restore-completed")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, CONSUMER, EventType.RESTORE_COMPLETED, restores::restoreCompleted)
                .invoke(() -> jobRunner.wakeUp(DrillVerifyJob.KIND));
    }
}
