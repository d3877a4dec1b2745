package io.day2ops.dr.service;

import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillKind;
import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.FailoverRequested;
import io.day2ops.foundation.inbox.Refusals;
import io.day2ops.foundation.jobs.JobQueue;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Accepts {@code FailoverRequested}: a failover runs as a drill of kind {@code failover} — the newest Completed backup
 * (or the named one) restored into the standby, verified, RTO and RPO measured, nothing cleaned up — and answers
 * {@code FailoverCompleted}.
 */
@ApplicationScoped
public class Failovers {

    private final DrillRepository drills;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;

    public Failovers(DrillRepository drills, JobQueue jobs, EventCodec codec, Clock clock) {
        this.drills = drills;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
    }

    public Uni<Void> accept(CloudEvent<FailoverRequested> event, Refusals refusals) {
        FailoverRequested data = event.data();
        return drills.findByName(data.name()).chain(existing -> {
            if (existing != null) {
                refusals.refuse(event, Refusals.nameTaken("failover", data.name(), event));
                Log.warnf("failover %s already exists; event %s ignored", data.name(), event.id());
                return Uni.createFrom().voidItem();
            }
            Drill drill = new Drill();
            drill.name = data.name();
            drill.kind = DrillKind.FAILOVER;
            drill.phase = DrillPhase.New;
            drill.cluster = data.cluster();
            drill.targetCluster = data.targetCluster();
            drill.backupName = data.backupName() == null ? "latest" : data.backupName();
            drill.request = codec.toJson(new DrillRequested(
                    data.name(),
                    data.cluster(),
                    data.targetCluster(),
                    drill.backupName,
                    data.namespaceMapping(),
                    null,
                    null,
                    List.of(),
                    false,
                    null,
                    null,
                    false,
                    null));
            drill.createdAt = clock.instant();
            drill.requestedBy = event.source();
            drill.requestedAt = event.time();
            Log.warnf(
                    "FAILOVER %s: %s -> %s (%s)%s",
                    data.name(),
                    data.cluster(),
                    data.targetCluster(),
                    Boolean.TRUE.equals(data.automatic()) ? "automatic" : "manual, from " + event.source(),
                    data.reason() == null ? "" : ": " + data.reason());
            return drills.persist(drill)
                    .chain(() -> jobs.enqueue(DrillJob.KIND, drill.name, drill.request))
                    .replaceWithVoid();
        });
    }
}
