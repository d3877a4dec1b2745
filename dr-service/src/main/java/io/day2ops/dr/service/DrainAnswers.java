package io.day2ops.dr.service;

import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.domain.DrillTimeline;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.DrainCompleted;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.InvalidEventException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.stream.Collectors;

/**
 * {@code DrainCompleted} for the module's DR test: the source has been drained as far as its PDBs allow (a budget may
 * rightly keep the last replicas, so a failed drain is recorded, not fatal); the drill goes on to restore.
 */
@ApplicationScoped
public class DrainAnswers {

    private final DrillRepository drills;
    private final DrillRestores restores;
    private final EventCodec codec;
    private final Clock clock;

    public DrainAnswers(DrillRepository drills, DrillRestores restores, EventCodec codec, Clock clock) {
        this.drills = drills;
        this.restores = restores;
        this.codec = codec;
        this.clock = clock;
    }

    public Uni<Void> drainCompleted(CloudEvent<DrainCompleted> event) {
        DrainCompleted drain = event.data();
        return drills.find("restoreName", drain.name()).firstResult().chain(drill -> {
            if (drill == null || drill.phase != DrillPhase.Draining) {
                return Uni.createFrom().voidItem();
            }
            DrillRequested request;
            try {
                request = codec.parse(EventType.DRILL_REQUESTED, drill.request);
            } catch (InvalidEventException e) {
                return Uni.createFrom().failure(e);
            }
            DrillTimeline timeline = DrillTimeline.restore(drill.timeline, clock);
            String nodes = drain.nodes().stream()
                    .map(n ->
                            n.node() + (n.drained() ? " drained (" + n.evicted().size() + " evicted)" : " not drained"))
                    .collect(Collectors.joining(", "));
            timeline.step(
                    "source-drained",
                    drain.outcome() + ": " + nodes + (drain.reason() == null ? "" : "; " + drain.reason()));
            return restores.request(drill, request, timeline);
        });
    }
}
