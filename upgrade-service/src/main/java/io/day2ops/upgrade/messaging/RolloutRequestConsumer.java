package io.day2ops.upgrade.messaging;

import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.InboundEvents;
import io.day2ops.foundation.jobs.JobRunner;
import io.day2ops.upgrade.service.RolloutJob;
import io.day2ops.upgrade.service.RolloutRequests;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code day2.upgrade.rollout-requested.v1} in: each new request becomes a row and a rollout job. */
@ApplicationScoped
public class RolloutRequestConsumer {

    private final InboundEvents inbound;
    private final RolloutRequests rollouts;
    private final JobRunner jobRunner;

    public RolloutRequestConsumer(InboundEvents inbound, RolloutRequests rollouts, JobRunner jobRunner) {
        this.inbound = inbound;
        this.rollouts = rollouts;
        this.jobRunner = jobRunner;
    }

    @Incoming("rollout-requested")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return inbound.process(
                        batch, "upgrade-service.rollout-requested", EventType.ROLLOUT_REQUESTED, rollouts::accept)
                .invoke(() -> jobRunner.wakeUp(RolloutJob.KIND));
    }
}
