package io.day2ops.scheduler.rest;

import io.day2ops.events.Names;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.rest.ProblemDetails;
import io.day2ops.foundation.security.Roles;
import io.day2ops.scheduler.domain.ScheduleKind;
import io.day2ops.scheduler.domain.ScheduleSpec;
import io.day2ops.scheduler.domain.ValidSchedule;
import io.day2ops.scheduler.service.ScheduleStore;
import io.day2ops.scheduler.service.ScheduleStore.ScheduleView;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Schedules over HTTP, like Velero's {@code Schedule} and the module's CronJobs: create (validated: a bad cron, zone
 * or template field gets a 400 naming it; a good one answers with its next three fire times), replace, pause and
 * unpause, list (filters {@code kind}, {@code cluster}), describe (with the last outcome and RPO state), delete.
 */
@RolesAllowed(Roles.VIEWER)
@Path("/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    private final ScheduleStore store;

    public ScheduleResource(ScheduleStore store) {
        this.store = store;
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> create(ScheduleSpec spec) {
        ValidSchedule schedule = store.validate(spec);
        return store.create(schedule)
                .map(created -> created.map(
                                view -> Response.status(201).entity(view).build())
                        .orElseGet(() -> Response.status(409)
                                .type("application/problem+json")
                                .entity(new ProblemDetails(
                                        "about:blank",
                                        "Conflict",
                                        409,
                                        "schedule '" + spec.name() + "' exists; replace it with PUT /schedules/"
                                                + spec.name() + " or delete it first",
                                        List.of()))
                                .build()));
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<ScheduleView> replace(@PathParam("name") String name, ScheduleSpec spec) {
        checkName(name);
        if (spec != null && spec.name() != null && !spec.name().equals(name)) {
            throw new BadRequestProblem("name", "'" + spec.name() + "' differs from the path's '" + name + "'");
        }
        ValidSchedule schedule = store.validate(
                spec == null
                        ? null
                        : new ScheduleSpec(
                                name,
                                spec.kind(),
                                spec.schedule(),
                                spec.timeZone(),
                                spec.paused(),
                                spec.catchUp(),
                                spec.rpoObjective(),
                                spec.template()));
        return store.replace(schedule);
    }

    @POST
    @Path("/{name}/pause")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<ScheduleView> pause(@PathParam("name") String name) {
        checkName(name);
        return store.setPaused(name, true);
    }

    @POST
    @Path("/{name}/unpause")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<ScheduleView> unpause(@PathParam("name") String name) {
        checkName(name);
        return store.setPaused(name, false);
    }

    @GET
    public Uni<List<ScheduleView>> list(@QueryParam("kind") String kind, @QueryParam("cluster") String cluster) {
        if (kind != null && ScheduleKind.byId(kind).isEmpty()) {
            throw new BadRequestProblem("kind", "'" + kind + "' is not one of " + ScheduleKind.ids());
        }
        return store.list(kind, cluster);
    }

    @GET
    @Path("/{name}")
    public Uni<ScheduleView> describe(@PathParam("name") String name) {
        checkName(name);
        return store.describe(name);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> delete(@PathParam("name") String name) {
        checkName(name);
        return store.delete(name).map(deleted -> {
            if (!deleted) {
                throw new NotFoundProblem("schedule '" + name + "' does not exist");
            }
            return Response.noContent().build();
        });
    }

    private static void checkName(String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
    }
}
