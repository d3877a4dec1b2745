package io.day2ops.dr.messaging;

import io.day2ops.dr.service.DrainAnswers;
import io.day2ops.dr.service.DrillJob;
import io.day2ops.dr.service.DrillVerifyJob;
import io.day2ops.dr.service.Failovers;
import io.day2ops.dr.service.KnownBackups;
import io.day2ops.dr.service.RestoreAnswers;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.foundation.jobs.JobRunner;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The other services' answers in: backups seen ({@code SnapshotTaken}) and restores done ({@code RestoreCompleted}) from
 * backup-service, drains done ({@code DrainCompleted}) from upgrade-service.
 */
@ApplicationScoped
public class BackupEventsConsumer {

    private final InboundEvents inbound;
    private final KnownBackups backups;
    private final RestoreAnswers restores;
    private final DrainAnswers drains;
    private final Failovers failovers;
    private final JobRunner jobRunner;

    public BackupEventsConsumer(
            InboundEvents inbound,
            KnownBackups backups,
            RestoreAnswers restores,
            DrainAnswers drains,
            Failovers failovers,
            JobRunner jobRunner) {
        this.inbound = inbound;
        this.backups = backups;
        this.restores = restores;
        this.drains = drains;
        this.failovers = failovers;
        this.jobRunner = jobRunner;
    }

    @Incoming("failover-requested")
    public Uni<Void> failoverRequested(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, "dr-service.failover-requested", EventType.FAILOVER_REQUESTED, failovers::accept)
                .invoke(() -> jobRunner.wakeUp(DrillJob.KIND));
    }

    @Incoming("drain-completed")
    public Uni<Void> drainCompleted(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, "dr-service.drain-completed", EventType.DRAIN_COMPLETED, drains::drainCompleted);
    }

    @Incoming("snapshot-taken")
    public Uni<Void> snapshotTaken(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, "dr-service.snapshot-taken", EventType.SNAPSHOT_TAKEN, backups::record);
    }

    @Incoming("restore-completed")
    public Uni<Void> restoreCompleted(KafkaRecordBatch<String, String> batch) {
        return inbound.process(
                        batch, "dr-service.restore-completed", EventType.RESTORE_COMPLETED, restores::restoreCompleted)
                .invoke(() -> jobRunner.wakeUp(DrillVerifyJob.KIND));
    }
}
