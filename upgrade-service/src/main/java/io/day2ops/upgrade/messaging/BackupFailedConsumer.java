package io.day2ops.upgrade.messaging;

import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.upgrade.service.UpgradeLoop;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code BackupFailed} in: an upgrade waiting for its pre-upgrade backup ends Failed, saying why. */
@ApplicationScoped
public class BackupFailedConsumer {

    private final InboundEvents inbound;
    private final UpgradeLoop loop;

    public BackupFailedConsumer(InboundEvents inbound, UpgradeLoop loop) {
        this.inbound = inbound;
        this.loop = loop;
    }

    @Incoming("backup-failed")
    public Uni<Void> backupFailed(KafkaRecordBatch<String, String> batch) {
        return inbound.process(
                batch,
                "upgrade-service.backup-failed",
                EventType.BACKUP_FAILED,
                event -> loop.backedUp(
                        event.data().name(), false, "Failed (" + event.data().reason() + ")"));
    }
}
