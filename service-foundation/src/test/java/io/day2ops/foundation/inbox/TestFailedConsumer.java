package io.day2ops.foundation.inbox;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.EventType;
import io.day2ops.foundation.TestNote;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The test service's consumer, on {@code day2.backup.failed.v1}: it stores a note per event, and fails the way its
 * reason asks — {@code throw-unknown}: an exception nobody classified, every time.
 */
@ApplicationScoped
public class TestFailedConsumer {

    static final String CONSUMER = "foundation-test.backup-failed";

    private final InboundEvents inbound;

    public TestFailedConsumer(InboundEvents inbound) {
        this.inbound = inbound;
    }

    @Incoming("test-backup-failed")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(batch, CONSUMER, EventType.BACKUP_FAILED, event -> {
            BackupFailed failed = event.data();
            if ("throw-unknown".equals(failed.reason())) {
                return Uni.createFrom()
                        .failure(new IllegalStateException("the consumer's own bug, hit by " + failed.name()));
            }
            TestNote note = new TestNote();
            note.text = "consumed " + failed.name();
            return Panache.getSession().chain(session -> session.persist(note));
        });
    }
}
