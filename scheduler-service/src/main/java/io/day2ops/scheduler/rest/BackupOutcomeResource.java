package io.day2ops.scheduler.rest;

import io.day2ops.events.Names;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.security.Roles;
import io.day2ops.scheduler.domain.BackupOutcome;
import io.day2ops.scheduler.repository.BackupOutcomeRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The newest backup outcomes of a cluster, per schedule. */
@RolesAllowed(Roles.VIEWER)
@Path("/backup-outcomes")
@Produces(MediaType.APPLICATION_JSON)
public class BackupOutcomeResource {

    private final BackupOutcomeRepository outcomes;

    public BackupOutcomeResource(BackupOutcomeRepository outcomes) {
        this.outcomes = outcomes;
    }

    /**
     * One cluster and schedule's outcome.
     *
     * @param cluster the cluster
     * @param schedule the schedule; empty for on-demand backups
     * @param lastBackupName the newest backup with an outcome
     * @param lastPhase its phase
     * @param lastReason why it failed or partially failed
     * @param lastOutcomeAt when it ended
     * @param lastSuccessName the newest successful backup
     * @param lastSuccessDataAt its data timestamp
     * @param consecutiveFailures failures since the last success
     */
    public record OutcomeView(
            String cluster,
            String schedule,
            String lastBackupName,
            String lastPhase,
            String lastReason,
            Instant lastOutcomeAt,
            String lastSuccessName,
            Instant lastSuccessDataAt,
            int consecutiveFailures) {

        static OutcomeView of(BackupOutcome o) {
            return new OutcomeView(
                    o.cluster,
                    o.schedule,
                    o.lastBackupName,
                    o.lastPhase,
                    o.lastReason,
                    o.lastOutcomeAt,
                    o.lastSuccessName,
                    o.lastSuccessDataAt,
                    o.consecutiveFailures);
        }
    }

    @GET
    @Path("/{cluster}")
    public Uni<List<OutcomeView>> ofCluster(@PathParam("cluster") String cluster) {
        if (!Names.isDns1123Label(cluster)) {
            throw new BadRequestProblem("cluster", "'" + cluster + "' is not a DNS-1123 label");
        }
        return outcomes.ofCluster(cluster)
                .map(found -> found.stream().map(OutcomeView::of).toList());
    }
}
