package io.day2ops.upgrade.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.Names;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.security.Roles;
import io.day2ops.upgrade.repository.DrainRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;

/** Drains over HTTP: one by name, with each node's result. */
@RolesAllowed(Roles.VIEWER)
@Path("/drains")
@Produces(MediaType.APPLICATION_JSON)
public class DrainResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DrainRepository drains;

    public DrainResource(DrainRepository drains) {
        this.drains = drains;
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
     * @param requestedBy who asked for it: the request's {@code ce_source}
     * @param requestedAt when they sent it: the request's {@code ce_time}
     */
    public record DrainView(
            String name,
            String cluster,
            String outcome,
            String reason,
            JsonNode nodes,
            Instant createdAt,
            Instant completedAt,
            String requestedBy,
            Instant requestedAt) {}

    @GET
    @Path("/{name}")
    public Uni<DrainView> describe(@PathParam("name") String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        return drains.describe(name).map(drain -> {
            if (drain == null) {
                throw new NotFoundProblem("drain '" + name + "' does not exist");
            }
            JsonNode nodes = null;
            if (drain.nodes != null) {
                try {
                    nodes = JSON.readTree(drain.nodes);
                } catch (IOException e) {
                    throw new IllegalStateException("drain " + name + ": nodes are not JSON", e);
                }
            }
            return new DrainView(
                    drain.name,
                    drain.cluster,
                    drain.outcome,
                    drain.reason,
                    nodes,
                    drain.createdAt,
                    drain.completedAt,
                    drain.requestedBy,
                    drain.requestedAt);
        });
    }
}
