package io.day2ops.dr.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.dr.domain.DrillPhase;
import io.day2ops.dr.domain.DrillTimeline;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.EventCodec;
import io.day2ops.events.RestoreCompleted;
import io.day2ops.foundation.jobs.JobQueue;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * {@code RestoreCompleted} for a drill's restore: a failed restore completes the drill as failed, naming why; otherwise
 * the drill moves to {@code Verifying} with what was restored, and a verification job is recorded. Restores that are
 * not a drill's, and answers for a drill that has moved on, change nothing.
 */
@ApplicationScoped
public class RestoreAnswers {

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    private final DrillRepository drills;
    private final JobQueue jobs;
    private final DrillCompletion completion;
    private final Clock clock;

    public RestoreAnswers(DrillRepository drills, JobQueue jobs, DrillCompletion completion, Clock clock) {
        this.drills = drills;
        this.jobs = jobs;
        this.completion = completion;
        this.clock = clock;
    }

    public Uni<Void> restoreCompleted(CloudEvent<RestoreCompleted> event) {
        RestoreCompleted restore = event.data();
        return drills.find("restoreName", restore.name()).firstResult().chain(drill -> {
            if (drill == null || drill.phase != DrillPhase.Restoring) {
                return Uni.createFrom().voidItem();
            }
            DrillTimeline timeline = DrillTimeline.restore(drill.timeline, clock);
            timeline.step(
                    "restore-completed",
                    restore.phase() + ": " + restore.itemsRestored() + " restored, " + restore.itemsSkipped()
                            + " skipped, " + restore.conflicts() + " conflicts, " + restore.errors() + " errors");
            boolean restored = restore.phase() != BackupPhase.Failed;
            timeline.check(
                    "restore",
                    restored,
                    restored
                            ? restore.name() + " " + restore.phase()
                            : restore.name() + " failed: " + restore.failureReason());
            if (!restored) {
                return completion.complete(drill, timeline, null, null);
            }
            drill.moveTo(DrillPhase.Verifying);
            drill.timeline = timeline.json();
            drill.restoredWorkloads = toJson(restore);
            Log.infof(
                    "drill %s: restore %s %s; verifying %d workloads in %s",
                    drill.name,
                    restore.name(),
                    restore.phase(),
                    restore.restoredWorkloads().size(),
                    drill.targetCluster);
            return jobs.enqueue(DrillVerifyJob.KIND, drill.name, "{}").replaceWithVoid();
        });
    }

    private static String toJson(RestoreCompleted restore) {
        try {
            return JSON.writeValueAsString(restore.restoredWorkloads());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
