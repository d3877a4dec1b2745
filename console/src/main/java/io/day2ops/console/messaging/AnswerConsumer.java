package io.day2ops.console.messaging;

import io.day2ops.console.service.ReadModel;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every answer topic in, into the read model: each event once (the inbox), a bad one to its topic's {@code .dlq} with
 * the reason, as every service consumes.
 */
@ApplicationScoped
public class AnswerConsumer {

    private final InboundEvents inbound;
    private final ReadModel model;

    public AnswerConsumer(InboundEvents inbound, ReadModel model) {
        this.inbound = inbound;
        this.model = model;
    }

    @Incoming("snapshot-taken")
    public Uni<Void> snapshotTaken(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.snapshot-taken", EventType.SNAPSHOT_TAKEN, model::recordAll));
    }

    @Incoming("backup-failed")
    public Uni<Void> backupFailed(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.backup-failed", EventType.BACKUP_FAILED, model::recordAll));
    }

    @Incoming("backup-overdue")
    public Uni<Void> backupOverdue(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.backup-overdue", EventType.BACKUP_OVERDUE, model::recordAll));
    }

    @Incoming("backup-overdue-cleared")
    public Uni<Void> backupOverdueCleared(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.backup-overdue-cleared", EventType.BACKUP_OVERDUE_CLEARED, model::recordAll));
    }

    @Incoming("restore-completed")
    public Uni<Void> restoreCompleted(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.restore-completed", EventType.RESTORE_COMPLETED, model::recordAll));
    }

    @Incoming("gate-passed")
    public Uni<Void> gatePassed(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.gate-passed", EventType.UPGRADE_GATE_PASSED, model::recordAll));
    }

    @Incoming("gate-failed")
    public Uni<Void> gateFailed(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.gate-failed", EventType.UPGRADE_GATE_FAILED, model::recordAll));
    }

    @Incoming("rollout-completed")
    public Uni<Void> rolloutCompleted(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.rollout-completed", EventType.ROLLOUT_COMPLETED, model::recordAll));
    }

    @Incoming("drain-completed")
    public Uni<Void> drainCompleted(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.drain-completed", EventType.DRAIN_COMPLETED, model::recordAll));
    }

    @Incoming("drill-completed")
    public Uni<Void> drillCompleted(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.drill-completed", EventType.DRILL_COMPLETED, model::recordAll));
    }

    @Incoming("failover-completed")
    public Uni<Void> failoverCompleted(KafkaRecordBatch<String, String> batch) {
        return model.ready()
                .chain(() -> inbound.processBatch(
                        batch, "console.failover-completed", EventType.FAILOVER_COMPLETED, model::recordAll));
    }
}
