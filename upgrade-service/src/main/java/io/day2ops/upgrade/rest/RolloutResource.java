package io.day2ops.upgrade.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.Names;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Rollouts over HTTP: one by name (with every step), a cluster's history. */
@Path("/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool pool;

    public RolloutResource(Pool pool) {
        this.pool = pool;
    }

    /**
     * A rollout.
     *
     * @param name its name
     * @param cluster the cluster
     * @param namespace the workload's namespace
     * @param kind Deployment or StatefulSet
     * @param workload the workload's name
     * @param strategy surge or partition
     * @param outcome Succeeded, RolledBack or Failed; null while it runs
     * @param reason why it stopped
     * @param steps each step with its timing
     * @param createdAt when it was requested
     * @param startedAt when it started changing the workload
     * @param completedAt when it ended
     */
    public record RolloutView(
            String name,
            String cluster,
            String namespace,
            String kind,
            String workload,
            String strategy,
            String outcome,
            String reason,
            JsonNode steps,
            Instant createdAt,
            Instant startedAt,
            Instant completedAt) {}

    @GET
    @Path("/{name}")
    public Uni<RolloutView> describe(@PathParam("name") String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        return pool.preparedQuery("SELECT * FROM rollout WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundProblem("rollout '" + name + "' does not exist");
                    }
                    return view(rows.iterator().next());
                });
    }

    @GET
    public Uni<List<RolloutView>> list(@QueryParam("cluster") String cluster, @QueryParam("limit") Integer limit) {
        if (cluster != null && !Names.isDns1123Label(cluster)) {
            throw new BadRequestProblem("cluster", "'" + cluster + "' is not a cluster name (a DNS-1123 label)");
        }
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw new BadRequestProblem("limit", "must be between 1 and 1000");
        }
        return pool.preparedQuery("SELECT * FROM rollout WHERE ($1::text IS NULL OR cluster = $1)"
                        + " ORDER BY created_at DESC LIMIT $2")
                .execute(Tuple.of(cluster, limit == null ? 100 : limit))
                .map(rows -> {
                    List<RolloutView> views = new ArrayList<>();
                    rows.forEach(row -> views.add(view(row)));
                    return views;
                });
    }

    private static RolloutView view(Row row) {
        JsonNode steps = null;
        String text = row.getString("steps");
        if (text != null) {
            try {
                steps = JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException("rollout " + row.getString("name") + ": steps are not JSON", e);
            }
        }
        return new RolloutView(
                row.getString("name"),
                row.getString("cluster"),
                row.getString("namespace"),
                row.getString("kind"),
                row.getString("workload"),
                row.getString("strategy"),
                row.getString("outcome"),
                row.getString("reason"),
                steps,
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("started_at")),
                instant(row.getOffsetDateTime("completed_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
