package io.day2ops.scheduler.rest;

import io.day2ops.events.Names;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.security.Roles;
import io.day2ops.scheduler.repository.DrillCoverageRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@code GET /coverage?cluster=}: per backup schedule with a drill, whether its backups are proven restorable. */
@RolesAllowed(Roles.VIEWER)
@Path("/coverage")
@Produces(MediaType.APPLICATION_JSON)
public class CoverageResource {

    private final DrillCoverageRepository coverage;
    private final Clock clock;

    public CoverageResource(DrillCoverageRepository coverage, Clock clock) {
        this.coverage = coverage;
        this.clock = clock;
    }

    /**
     * One schedule's proof of recovery.
     *
     * @param cluster the cluster
     * @param schedule the backup schedule
     * @param drillPeriod how often one of its backups must pass a drill, in seconds
     * @param proven whether one passed within the period
     * @param lastBackup its newest successful backup
     * @param lastProvenBackup the backup of the last drill that passed
     * @param lastProvenAt when that drill completed
     * @param lastDrill the last drill of one of its backups
     * @param lastDrillPassed whether it passed
     * @param lastDrillAt when it completed
     * @param requestedDrill the drill the scheduler last asked for
     * @param requestedAt when
     */
    public record Coverage(
            String cluster,
            String schedule,
            long drillPeriod,
            boolean proven,
            String lastBackup,
            String lastProvenBackup,
            Instant lastProvenAt,
            String lastDrill,
            Boolean lastDrillPassed,
            Instant lastDrillAt,
            String requestedDrill,
            Instant requestedAt) {}

    @GET
    public Uni<List<Coverage>> coverage(@QueryParam("cluster") String cluster) {
        if (cluster != null && !Names.isDns1123Label(cluster)) {
            throw new BadRequestProblem("cluster", "'" + cluster + "' is not a cluster name (a DNS-1123 label)");
        }
        Instant now = clock.instant();
        return Panache.withSession(() -> coverage.covered(cluster))
                .map(all -> all.stream()
                        .map(c -> new Coverage(
                                c.cluster(),
                                c.schedule(),
                                c.periodSeconds(),
                                c.proven(now),
                                c.lastSuccessName(),
                                c.lastProvenBackup(),
                                c.lastProvenAt(),
                                c.lastDrillName(),
                                c.lastDrillPassed(),
                                c.lastDrillAt(),
                                c.requestedDrill(),
                                c.requestedAt()))
                        .toList());
    }
}
