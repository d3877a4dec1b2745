package io.day2ops.upgrade.service;

import io.day2ops.events.CloudEvent;
import io.day2ops.events.DrainRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.upgrade.repository.DrainRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Accepts {@code DrainRequested} in the consumer's transaction: a drain row and a drain job ({@link DrainJob}). */
@ApplicationScoped
public class DrainRequests {

    private final DrainRepository drains;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;

    public DrainRequests(DrainRepository drains, JobQueue jobs, EventCodec codec, Clock clock) {
        this.drains = drains;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
    }

    /** Records the request and its job, in the consumer's transaction; a repeated name changes nothing. */
    public Uni<Void> accept(CloudEvent<DrainRequested> event) {
        DrainRequested data = event.data();
        return drains.insertIfAbsent(data.name(), data.cluster(), codec.toJson(data), clock.instant())
                .chain(inserted -> {
                    if (!inserted) {
                        Log.warnf("drain %s already exists; event %s ignored", data.name(), event.id());
                        return Uni.createFrom().voidItem();
                    }
                    Log.infof(
                            "drain %s of cluster %s (nodes %s, uncordon %s) requested by %s",
                            data.name(),
                            data.cluster(),
                            data.nodes().isEmpty() ? "all" : data.nodes(),
                            Boolean.TRUE.equals(data.uncordon()),
                            event.source());
                    return jobs.enqueue(DrainJob.KIND, data.name(), codec.toJson(data))
                            .replaceWithVoid();
                });
    }
}
