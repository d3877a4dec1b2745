package io.day2ops.backup.service;

import io.day2ops.backup.domain.Backup;
import io.day2ops.backup.repository.BackupRepository;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.BackupRequested;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.EventCodec;
import io.day2ops.foundation.jobs.JobQueue;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Accepts a backup request: a catalog entry in phase {@code New} and a backup job, in the consumer's transaction.
 * The work itself happens in {@link BackupJob}, never in the poll loop.
 */
@ApplicationScoped
public class BackupRequests {

    private final BackupRepository backups;
    private final JobQueue jobs;
    private final EventCodec codec;
    private final Clock clock;

    public BackupRequests(BackupRepository backups, JobQueue jobs, EventCodec codec, Clock clock) {
        this.backups = backups;
        this.jobs = jobs;
        this.codec = codec;
        this.clock = clock;
    }

    /** Records the request; a second request for an existing backup name changes nothing. */
    public Uni<Void> accept(CloudEvent<BackupRequested> event) {
        BackupRequested request = event.data();
        return backups.findByName(request.name()).chain(existing -> {
            if (existing != null) {
                Log.warnf(
                        "backup %s already exists (phase %s, from event %s); request %s ignored",
                        request.name(), existing.phase, existing.requestEventId, event.id());
                return Uni.createFrom().voidItem();
            }
            Backup backup = new Backup();
            backup.name = request.name();
            backup.cluster = request.cluster();
            backup.phase = BackupPhase.New;
            backup.storageLocation = request.storageLocation();
            backup.schedule = request.schedule();
            backup.request = codec.toJson(request);
            backup.requestEventId = event.id();
            backup.createdAt = clock.instant();
            Log.infof("backup %s of cluster %s requested by %s", backup.name, backup.cluster, event.source());
            return backups.persist(backup)
                    .chain(() -> jobs.enqueue(BackupJob.KIND, backup.name, backup.request))
                    .replaceWithVoid();
        });
    }
}
