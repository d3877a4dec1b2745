package io.day2ops.dr.service;

import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillKind;
import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.GoDuration;
import io.day2ops.foundation.inbox.Refusals;
import io.day2ops.foundation.jobs.JobQueue;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Accepts a drill request: a row and a drill job, in the consumer's transaction. */
@ApplicationScoped
public class DrillRequests {

    private final DrillRepository drills;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;

    public DrillRequests(DrillRepository drills, JobQueue jobs, EventCodec codec, Clock clock) {
        this.drills = drills;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
    }

    public Uni<Void> accept(CloudEvent<DrillRequested> event, Refusals refusals) {
        DrillRequested data = event.data();
        return drills.findByName(data.name()).chain(existing -> {
            if (existing != null) {
                refusals.refuse(event, Refusals.nameTaken("drill", data.name(), event));
                Log.warnf("drill %s already exists; event %s ignored", data.name(), event.id());
                return Uni.createFrom().voidItem();
            }
            Drill drill = new Drill();
            drill.name = data.name();
            drill.cluster = data.cluster();
            drill.targetCluster = data.targetCluster();
            drill.backupName = data.backupName() == null ? "latest" : data.backupName();
            drill.rtoObjectiveMillis = data.rtoObjective() == null
                    ? null
                    : GoDuration.parse(data.rtoObjective()).toMillis();
            drill.rpoObjectiveMillis = data.rpoObjective() == null
                    ? null
                    : GoDuration.parse(data.rpoObjective()).toMillis();
            drill.request = codec.toJson(data);
            drill.createdAt = clock.instant();
            drill.requestedBy = event.source();
            drill.requestedAt = event.time();
            drill.phase = DrillPhase.New;
            drill.kind = DrillKind.DRILL;
            Log.infof(
                    "drill %s: %s -> %s requested by %s",
                    drill.name, drill.cluster, drill.targetCluster, event.source());
            return drills.persist(drill)
                    .chain(() -> jobs.enqueue(DrillJob.KIND, drill.name, drill.request))
                    .replaceWithVoid();
        });
    }
}
