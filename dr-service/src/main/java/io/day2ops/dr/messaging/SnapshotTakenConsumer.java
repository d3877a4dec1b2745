package io.day2ops.dr.messaging;

import io.day2ops.dr.service.KnownBackups;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.backup.snapshot-taken.v1} in, from backup-service: the backups a drill can restore, and their data timestamps (RPO). */
@ApplicationScoped
public class SnapshotTakenConsumer {

    static final String CONSUMER = "dr-service.snapshot-taken";

    private final InboundEvents inbound;
    private final KnownBackups backups;

    public SnapshotTakenConsumer(InboundEvents inbound, KnownBackups backups) {
        this.inbound = inbound;
        this.backups = backups;
    }

    @Incoming("snapshot-taken")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, CONSUMER, EventType.SNAPSHOT_TAKEN, backups::record);
    }
}
