package io.day2ops.dr.service;

import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillKind;
import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.FailbackRequested;
import io.day2ops.events.FailoverRequested;
import io.day2ops.foundation.inbox.Refusals;
import io.day2ops.foundation.jobs.JobQueue;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;

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

    /**
     * Accepts {@code FailbackRequested}: the failover reversed as a failover row — from its target back to its source,
     * restoring into exactly the namespaces the failover took (from its record, not from the request) — that answers
     * {@code FailoverCompleted} with {@code failbackOf} and, when it passed, scales back what the failover fenced.
     * Refused unless the failover exists, succeeded, and went to the request's cluster.
     */
    public Uni<Void> acceptFailback(CloudEvent<FailbackRequested> event, Refusals refusals) {
        FailbackRequested data = event.data();
        return drills.findByName(data.name())
                .chain(existing -> existing != null
                        ? Uni.createFrom()
                                .item((Drill) null)
                                .invoke(() ->
                                        refusals.refuse(event, Refusals.nameTaken("failback", data.name(), event)))
                        : drills.findByName(data.failover()).chain(failover -> {
                            String refusal = failbackRefusal(data, failover);
                            if (refusal != null) {
                                refusals.refuse(event, refusal);
                                Log.warnf("failback %s refused: %s", data.name(), refusal);
                                return Uni.createFrom().item((Drill) null);
                            }
                            return Uni.createFrom().item(failover);
                        }))
                .chain(failover -> {
                    if (failover == null) {
                        return Uni.createFrom().voidItem();
                    }
                    Map<String, String> mapping = Fences.failbackMapping(failover);
                    Drill drill = newFailover(
                            data.name(),
                            failover.targetCluster,
                            failover.cluster,
                            data.backupName() == null ? "latest" : data.backupName(),
                            mapping,
                            event);
                    drill.failbackOf = failover.name;
                    Log.warnf(
                            "FAILBACK %s of failover %s: %s -> %s, namespaces %s (from %s)%s",
                            data.name(),
                            failover.name,
                            drill.cluster,
                            drill.targetCluster,
                            mapping,
                            event.source(),
                            data.reason() == null ? "" : ": " + data.reason());
                    return drills.persist(drill)
                            .chain(() -> jobs.enqueue(DrillJob.KIND, drill.name, drill.request))
                            .replaceWithVoid();
                });
    }

    /** Why a failback of {@code failover} cannot run, or null. */
    public static String failbackRefusal(FailbackRequested data, Drill failover) {
        if (failover == null || !failover.isFailover()) {
            return "Rejected: failover '" + data.failover() + "' does not exist";
        }
        if (failover.failbackOf != null) {
            return "Rejected: '" + data.failover() + "' is itself a failback (of " + failover.failbackOf
                    + "); fail over again instead";
        }
        if (!Boolean.TRUE.equals(failover.passed)) {
            return "Rejected: failover '" + data.failover() + "' did not succeed ("
                    + (failover.passed == null ? "it is still running" : failover.failureReason)
                    + "); there is nothing to fail back";
        }
        if (!failover.targetCluster.equals(data.cluster())) {
            return "Rejected: failover '" + data.failover() + "' went to cluster '" + failover.targetCluster
                    + "', not '" + data.cluster() + "'";
        }
        if (Fences.failbackMapping(failover).isEmpty()) {
            return "Rejected: failover '" + data.failover() + "' restored no workload; there is nothing to fail back";
        }
        return null;
    }

    public Uni<Void> accept(CloudEvent<FailoverRequested> event, Refusals refusals) {
        FailoverRequested data = event.data();
        return drills.findByName(data.name()).chain(existing -> {
            if (existing != null) {
                refusals.refuse(event, Refusals.nameTaken("failover", data.name(), event));
                Log.warnf("failover %s already exists; event %s ignored", data.name(), event.id());
                return Uni.createFrom().voidItem();
            }
            Drill drill = newFailover(
                    data.name(),
                    data.cluster(),
                    data.targetCluster(),
                    data.backupName() == null ? "latest" : data.backupName(),
                    data.namespaceMapping(),
                    event);
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

    /** A failover row (and its drill request) from {@code cluster} to {@code target}, requested by {@code event}. */
    private Drill newFailover(
            String name,
            String cluster,
            String target,
            String backupName,
            Map<String, String> mapping,
            CloudEvent<?> event) {
        Drill drill = new Drill();
        drill.name = name;
        drill.kind = DrillKind.FAILOVER;
        drill.phase = DrillPhase.New;
        drill.cluster = cluster;
        drill.targetCluster = target;
        drill.backupName = backupName;
        drill.request = codec.toJson(new DrillRequested(
                name, cluster, target, backupName, mapping, null, null, List.of(), false, null, null, false, null));
        drill.createdAt = clock.instant();
        drill.requestedBy = event.source();
        drill.requestedAt = event.time();
        return drill;
    }
}
