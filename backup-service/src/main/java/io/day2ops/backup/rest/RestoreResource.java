package io.day2ops.backup.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import io.day2ops.backup.domain.Json;
import io.day2ops.backup.domain.Restore;
import io.day2ops.backup.repository.RestoreRepository;
import io.day2ops.backup.restore.RestoreItem;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.Names;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Restores over HTTP: {@code velero restore get}, {@code describe} and {@code describe --details}. */
@RolesAllowed(Roles.VIEWER)
@Path("/restores")
@Produces(MediaType.APPLICATION_JSON)
public class RestoreResource {

    private final RestoreRepository restores;

    public RestoreResource(RestoreRepository restores) {
        this.restores = restores;
    }

    /**
     * A restore as the catalog holds it.
     *
     * @param name the restore's name
     * @param cluster the cluster restored into
     * @param backupName the backup restored from
     * @param phase where it got to
     * @param dryRun whether nothing was applied
     * @param drillName the drill it served, if any
     * @param createdAt when it was requested
     * @param startedAt when work started
     * @param completedAt when it ended
     * @param itemsRestored objects created or updated (planned, for a dry run)
     * @param itemsSkipped objects left out
     * @param conflicts objects that existed and were left as they were
     * @param errors objects that could not be restored
     * @param failureReason why it failed, or the first object error; {@code Rejected: ...} when the policy refused it
     * @param requestedBy who asked for it: the request's {@code ce_source}
     * @param requestedAt when they sent it: the request's {@code ce_time}
     */
    public record RestoreView(
            String name,
            String cluster,
            String backupName,
            BackupPhase phase,
            boolean dryRun,
            String drillName,
            Instant createdAt,
            Instant startedAt,
            Instant completedAt,
            Long itemsRestored,
            Long itemsSkipped,
            Long conflicts,
            Integer errors,
            String failureReason,
            String requestedBy,
            Instant requestedAt) {

        static RestoreView of(Restore restore) {
            return new RestoreView(
                    restore.name,
                    restore.cluster,
                    restore.backupName,
                    restore.phase,
                    restore.dryRun,
                    restore.drillName,
                    restore.createdAt,
                    restore.startedAt,
                    restore.completedAt,
                    restore.itemsRestored,
                    restore.itemsSkipped,
                    restore.conflicts,
                    restore.errors,
                    restore.failureReason,
                    restore.requestedBy,
                    restore.requestedAt);
        }
    }

    @GET
    public Uni<List<RestoreView>> list(
            @QueryParam("cluster") String cluster,
            @QueryParam("phase") String phase,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadRequestProblem("limit", "must be between 1 and 1000, was " + limit);
        }
        return restores.search(Optional.ofNullable(cluster), BackupResource.parsePhase(phase), limit)
                .map(found -> found.stream().map(RestoreView::of).toList());
    }

    @GET
    @Path("/{name}")
    public Uni<RestoreView> describe(@PathParam("name") String name) {
        return find(name).map(RestoreView::of);
    }

    /** What happened to every object. */
    @GET
    @Path("/{name}/items")
    public Uni<List<RestoreItem>> items(@PathParam("name") String name) {
        return find(name).map(restore -> {
            if (restore.results == null) {
                return List.<RestoreItem>of();
            }
            try {
                return Json.MAPPER.readValue(restore.results, new TypeReference<List<RestoreItem>>() {});
            } catch (java.io.IOException e) {
                throw new IllegalStateException("results of restore " + name + " are not JSON", e);
            }
        });
    }

    private Uni<Restore> find(String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        return restores.describe(name).map(restore -> {
            if (restore == null) {
                throw new NotFoundProblem("restore '" + name + "' does not exist");
            }
            return restore;
        });
    }
}
