package io.day2ops.scheduler.messaging;

import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.scheduler.service.BackupOutcomes;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code SnapshotTaken} and {@code BackupFailed} in: each updates the outcome of its cluster and schedule. */
@ApplicationScoped
public class BackupOutcomeConsumer {

    private final InboundEvents inbound;
    private final BackupOutcomes outcomes;

    public BackupOutcomeConsumer(InboundEvents inbound, BackupOutcomes outcomes) {
        this.inbound = inbound;
        this.outcomes = outcomes;
    }

    @Incoming("snapshot-taken")
    public Uni<Void> snapshotTaken(KafkaRecordBatch<String, String> batch) {
        return inbound.process(
                batch, "scheduler-service.snapshot-taken", EventType.SNAPSHOT_TAKEN, outcomes::succeeded);
    }

    @Incoming("backup-failed")
    public Uni<Void> backupFailed(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, "scheduler-service.backup-failed", EventType.BACKUP_FAILED, outcomes::failed);
    }
}
