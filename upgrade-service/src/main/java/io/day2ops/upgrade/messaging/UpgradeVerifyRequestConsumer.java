package io.day2ops.upgrade.messaging;

import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.foundation.jobs.JobRunner;
import io.day2ops.upgrade.service.UpgradeVerification;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.upgrade.verify-requested.v1} in: each request becomes a verification job. */
@ApplicationScoped
public class UpgradeVerifyRequestConsumer {

    private final InboundEvents inbound;
    private final UpgradeVerification verification;
    private final JobRunner jobRunner;

    public UpgradeVerifyRequestConsumer(InboundEvents inbound, UpgradeVerification verification, JobRunner jobRunner) {
        this.inbound = inbound;
        this.verification = verification;
        this.jobRunner = jobRunner;
    }

    @Incoming("upgrade-verify-requested")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(
                        batch,
                        "upgrade-service.upgrade-verify-requested",
                        EventType.UPGRADE_VERIFY_REQUESTED,
                        verification::accept)
                .invoke(() -> jobRunner.wakeUp(UpgradeVerification.KIND));
    }
}
