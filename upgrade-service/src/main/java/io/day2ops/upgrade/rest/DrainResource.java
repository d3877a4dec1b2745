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
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Drains over HTTP: one by name, with each node's result. */
@Path("/drains")
@Produces(MediaType.APPLICATION_JSON)
public class DrainResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool pool;

    public DrainResource(Pool pool) {
        this.pool = pool;
    }

    /**
     * A drain.
     *
     * @param name its name
     * @param cluster the cluster
     * @param outcome Drained or Failed; null while it runs
     * @param reason why it failed
     * @param nodes each node's result
     * @param createdAt when it was requested
     * @param completedAt when it ended
     */
    public record DrainView(
            String name,
            String cluster,
            String outcome,
            String reason,
            JsonNode nodes,
            Instant createdAt,
            Instant completedAt) {}

    @GET
    @Path("/{name}")
    public Uni<DrainView> describe(@PathParam("name") String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        return pool.preparedQuery("SELECT * FROM drain WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundProblem("drain '" + name + "' does not exist");
                    }
                    Row row = rows.iterator().next();
                    JsonNode nodes = null;
                    if (row.getString("nodes") != null) {
                        try {
                            nodes = JSON.readTree(row.getString("nodes"));
                        } catch (IOException e) {
                            throw new IllegalStateException("drain " + name + ": nodes are not JSON", e);
                        }
                    }
                    return new DrainView(
                            row.getString("name"),
                            row.getString("cluster"),
                            row.getString("outcome"),
                            row.getString("reason"),
                            nodes,
                            instant(row.getOffsetDateTime("created_at")),
                            instant(row.getOffsetDateTime("completed_at")));
                });
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
