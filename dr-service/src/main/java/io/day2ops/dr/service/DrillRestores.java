package io.day2ops.dr.service;

import io.day2ops.dr.domain.Drill;
import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.domain.DrillTimeline;
import io.day2ops.events.DrillRequested;
import io.day2ops.events.RestoreRequested;
import io.day2ops.foundation.outbox.EventOutbox;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The drill's restore stage: reached from {@code New} (no drain asked) or from {@code Draining} (the source's drain
 * answered), it asks backup-service for the restore through the outbox, in the caller's transaction.
 */
@ApplicationScoped
public class DrillRestores {

    private final EventOutbox outbox;

    public DrillRestores(EventOutbox outbox) {
        this.outbox = outbox;
    }

    /** Asks backup-service to restore the drill's backup into the target; the drill moves to {@code Restoring}. */
    public Uni<Void> request(Drill drill, DrillRequested request, DrillTimeline timeline) {
        drill.moveTo(DrillPhase.Restoring);
        timeline.step(
                "restore-requested",
                "restore " + drill.restoreName + " of " + drill.backupName + " into " + drill.targetCluster
                        + (request.namespaceMapping().isEmpty() ? "" : " mapped " + request.namespaceMapping()));
        drill.timeline = timeline.json();
        Log.infof(
                "drill %s: restoring %s into %s as %s (deadline %s)",
                drill.name, drill.backupName, drill.targetCluster, drill.restoreName, drill.deadlineAt);
        return outbox.publish(new RestoreRequested(
                        drill.restoreName,
                        drill.targetCluster,
                        drill.backupName,
                        List.copyOf(request.namespaceMapping().keySet()),
                        List.of(),
                        List.of(),
                        List.of(),
                        request.namespaceMapping(),
                        null,
                        "update",
                        false,
                        false,
                        // a failback restores over the old primary's own namespaces, which no drill created: it is a
                        // plain restore (update), bounded to exactly what its failover took
                        drill.failbackOf == null ? drill.name : null,
                        null,
                        null,
                        null))
                .replaceWithVoid();
    }
}
