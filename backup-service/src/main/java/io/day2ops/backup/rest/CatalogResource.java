package io.day2ops.backup.rest;

import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The fleet catalogue over HTTP: which backups, of every cluster and schedule, hold an object, and whether it changed
 * between them ({@code day2 catalog find deploy/critical-app -n default}). Velero has no such index (Velero #3534).
 */
@RolesAllowed(Roles.VIEWER)
@Path("/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final CatalogAnswers answers;

    public CatalogResource(CatalogAnswers answers) {
        this.answers = answers;
    }

    /**
     * {@code GET /catalog/objects?name=&kind=&namespace=&cluster=}: per cluster and object, every Completed or
     * PartiallyFailed backup holding it, oldest first, each with its resourceVersion, content hash and whether it
     * changed since the previous one. {@code name} is required; {@code kind} takes a kind, a resource or a short name.
     */
    @GET
    @Path("/objects")
    public Uni<List<CatalogAnswers.Found>> objects(
            @QueryParam("name") String name,
            @QueryParam("kind") String kind,
            @QueryParam("namespace") String namespace,
            @QueryParam("cluster") String cluster,
            @QueryParam("limit") @DefaultValue("1000") int limit) {
        if (name == null || name.isBlank()) {
            throw new BadRequestProblem(
                    "name", "required: the object's name (kind, namespace and cluster narrow the search)");
        }
        if (limit < 1 || limit > 10_000) {
            throw new BadRequestProblem("limit", "must be between 1 and 10000, was " + limit);
        }
        return answers.find(blankToNull(cluster), blankToNull(kind), blankToNull(namespace), name, limit);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
