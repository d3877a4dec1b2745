package io.day2ops.upgrade.messaging;

import io.day2ops.events.BackupPhase;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.upgrade.service.LatestBackups;
import io.day2ops.upgrade.service.UpgradeLoop;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code SnapshotTaken} in: keeps the newest Completed backup per cluster for the gate's backup-freshness check, and
 * moves on an upgrade waiting for its pre-upgrade backup.
 */
@ApplicationScoped
public class SnapshotTakenConsumer {

    private final InboundEvents inbound;
    private final LatestBackups backups;
    private final UpgradeLoop loop;

    public SnapshotTakenConsumer(InboundEvents inbound, LatestBackups backups, UpgradeLoop loop) {
        this.inbound = inbound;
        this.backups = backups;
        this.loop = loop;
    }

    @Incoming("snapshot-taken")
    public Uni<Void> snapshotTaken(KafkaRecordBatch<String, String> batch) {
        return inbound.process(
                batch,
                "upgrade-service.snapshot-taken",
                EventType.SNAPSHOT_TAKEN,
                event -> backups.record(event)
                        .chain(() -> loop.backedUp(
                                event.data().name(),
                                event.data().phase() == BackupPhase.Completed,
                                String.valueOf(event.data().phase()))));
    }
}
