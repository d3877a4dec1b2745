package io.day2ops.upgrade.messaging;

import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.upgrade.service.LatestBackups;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code SnapshotTaken} in: keeps the newest Completed backup per cluster for the gate's backup-freshness check. */
@ApplicationScoped
public class SnapshotTakenConsumer {

    private final InboundEvents inbound;
    private final LatestBackups backups;

    public SnapshotTakenConsumer(InboundEvents inbound, LatestBackups backups) {
        this.inbound = inbound;
        this.backups = backups;
    }

    @Incoming("snapshot-taken")
    public Uni<Void> snapshotTaken(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, "upgrade-service.snapshot-taken", EventType.SNAPSHOT_TAKEN, backups::record);
    }
}
