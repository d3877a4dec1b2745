package io.day2ops.backup.service;

import io.day2ops.backup.domain.Backup;
import io.day2ops.backup.repository.BackupRepository;
import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupPhase;
import io.day2ops.foundation.clusters.ClusterConnections;
import io.day2ops.foundation.jobs.ClaimedJob;
import io.day2ops.foundation.jobs.JobHandler;
import io.day2ops.foundation.jobs.JobPhase;
import io.day2ops.foundation.jobs.JobQueue;
import io.day2ops.foundation.outbox.EventOutbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Runs a backup job. Today it settles what can be settled without capturing resources: a request for a cluster this
 * service has no connection for ends {@code Failed} with that reason. Resource capture, etcd snapshots and storage
 * (issue 4) are not built yet, so a backup of a configured cluster also ends {@code Failed} and says exactly that:
 * nothing is pretended.
 */
@ApplicationScoped
public class BackupJob implements JobHandler {

    public static final String KIND = "backup";

    static final String CAPTURE_NOT_AVAILABLE =
            "resource capture is not available in this build of backup-service yet;" + " no backup was written";

    private final BackupRepository backups;
    private final ClusterConnections clusters;
    private final EventOutbox outbox;
    private final JobQueue jobs;
    private final Clock clock;

    public BackupJob(
            BackupRepository backups, ClusterConnections clusters, EventOutbox outbox, JobQueue jobs, Clock clock) {
        this.backups = backups;
        this.clusters = clusters;
        this.outbox = outbox;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(ClaimedJob job) {
        return Panache.withTransaction(() -> backups.findByName(job.name()).chain(backup -> {
            if (backup == null) {
                return jobs.finish(job, JobPhase.Failed, "backup " + job.name() + " is not in the catalog");
            }
            if (!clusters.isConfigured(backup.cluster)) {
                return fail(job, backup, clusters.unknownClusterMessage(backup.cluster));
            }
            return fail(job, backup, CAPTURE_NOT_AVAILABLE);
        }));
    }

    @Override
    public Uni<Void> abandon(ClaimedJob job, String reason) {
        return Panache.withTransaction(() -> backups.findByName(job.name())
                .chain(backup ->
                        backup == null ? jobs.finish(job, JobPhase.Failed, reason) : fail(job, backup, reason)));
    }

    private Uni<Void> fail(ClaimedJob job, Backup backup, String reason) {
        Instant now = clock.instant();
        backup.phase = BackupPhase.Failed;
        backup.failureReason = reason;
        backup.startedAt = backup.startedAt == null ? now : backup.startedAt;
        backup.completedAt = now;
        Log.warnf("backup %s of cluster %s failed: %s", backup.name, backup.cluster, reason);
        BackupFailed event =
                new BackupFailed(backup.name, backup.cluster, reason, backup.startedAt, now, backup.schedule);
        return outbox.publish(event).chain(() -> jobs.finish(job, JobPhase.Failed, reason));
    }
}
