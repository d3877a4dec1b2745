package io.day2ops.upgrade.service;

import io.day2ops.events.CloudEvent;
import io.day2ops.events.DrainCompleted;
import io.day2ops.events.DrainCompleted.Outcome;
import io.day2ops.events.DrainRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.foundation.inbox.Refusals;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.security.RequestPolicy;
import io.day2ops.upgrade.domain.Drain;
import io.day2ops.upgrade.repository.DrainRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Accepts {@code DrainRequested} in the consumer's transaction: a drain row and a drain job ({@link DrainJob}). */
@ApplicationScoped
public class DrainRequests {

    private final DrainRepository drains;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;

    private final EventOutbox outbox;
    private final RequestPolicy policy;

    public DrainRequests(
            DrainRepository drains,
            JobQueue jobs,
            EventCodec codec,
            Clock clock,
            EventOutbox outbox,
            RequestPolicy policy) {
        this.outbox = outbox;
        this.policy = policy;
        this.drains = drains;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * Records the request and its job, in the consumer's transaction; a repeated name changes nothing. A request the
     * policy refuses (expired, or a protected cluster and a sender not allowed to drain it) is stored and answered
     * {@code Failed} at once with the reason, without touching the cluster.
     */
    public Uni<Void> accept(CloudEvent<DrainRequested> event, Refusals refusals) {
        DrainRequested data = event.data();
        Instant now = clock.instant();
        Drain drain = new Drain();
        drain.name = data.name();
        drain.cluster = data.cluster();
        drain.request = codec.toJson(data);
        drain.createdAt = now;
        drain.requestedBy = event.source();
        drain.requestedAt = event.time();
        String refusal = policy.refusal(
                new RequestPolicy.Request(EventType.DRAIN_REQUESTED.ceType(), event.source(), event.time(), now),
                RequestPolicy.Action.DRAIN,
                data.cluster());
        if (refusal != null) {
            drain.outcome = Outcome.Failed.name();
            drain.reason = refusal;
            drain.completedAt = now;
        }
        return drains.insertIfAbsent(drain).chain(inserted -> {
            if (!inserted) {
                refusals.refuse(event, Refusals.nameTaken("drain", data.name(), event));
                Log.warnf("drain %s already exists; event %s ignored", data.name(), event.id());
                return Uni.createFrom().voidItem();
            }
            if (refusal != null) {
                Log.warnf("drain %s of cluster %s refused: %s", data.name(), data.cluster(), refusal);
                return outbox.publish(new DrainCompleted(
                                data.name(), data.cluster(), Outcome.Failed, refusal, List.of(), now, now, null))
                        .replaceWithVoid();
            }
            Log.infof(
                    "drain %s of cluster %s (nodes %s, uncordon %s) requested by %s",
                    data.name(),
                    data.cluster(),
                    data.nodes().isEmpty() ? "all" : data.nodes(),
                    Boolean.TRUE.equals(data.uncordon()),
                    event.source());
            return jobs.enqueue(DrainJob.KIND, data.name(), codec.toJson(data)).replaceWithVoid();
        });
    }
}
