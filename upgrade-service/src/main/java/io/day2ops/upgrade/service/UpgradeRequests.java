package io.day2ops.upgrade.service;

import io.day2ops.events.CloudEvent;
import io.day2ops.events.EventCodec;
import io.day2ops.events.UpgradeRequested;
import io.day2ops.foundation.inbox.Refusals;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.upgrade.domain.UpgradeRequest;
import io.day2ops.upgrade.repository.UpgradeRequestRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Accepts an upgrade request: a row and a gate job, in the consumer's transaction. */
@ApplicationScoped
public class UpgradeRequests {

    private final UpgradeRequestRepository requests;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;

    public UpgradeRequests(UpgradeRequestRepository requests, JobQueue jobs, EventCodec codec, Clock clock) {
        this.requests = requests;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
    }

    public Uni<Void> accept(CloudEvent<UpgradeRequested> event, Refusals refusals) {
        UpgradeRequested data = event.data();
        return requests.findByName(data.name()).chain(existing -> {
            if (existing != null) {
                refusals.refuse(event, Refusals.nameTaken("gate", data.name(), event));
                Log.warnf("upgrade request %s already exists; event %s ignored", data.name(), event.id());
                return Uni.createFrom().voidItem();
            }
            UpgradeRequest request = new UpgradeRequest();
            request.name = data.name();
            request.cluster = data.cluster();
            request.targetVersion = data.targetVersion();
            request.gateOnly = Boolean.TRUE.equals(data.gateOnly());
            request.request = codec.toJson(data);
            request.createdAt = clock.instant();
            request.requestedBy = event.source();
            request.requestedAt = event.time();
            if (!request.gateOnly) {
                request.phase = UpgradeLoop.GATING;
                request.phaseSince = request.createdAt;
                request.drainNodes = data.drainNodes().isEmpty() ? null : UpgradeLoop.json(data.drainNodes());
            }
            Log.infof(
                    "upgrade %s of cluster %s to %s requested by %s (%s)",
                    data.name(),
                    data.cluster(),
                    data.targetVersion(),
                    event.source(),
                    request.gateOnly
                            ? "gate only"
                            : "gate, pre-upgrade backup, drain " + data.drainNodes() + ", ready");
            return requests.persist(request)
                    .chain(() -> jobs.enqueue(GateJob.KIND, request.name, request.request))
                    .replaceWithVoid();
        });
    }
}
