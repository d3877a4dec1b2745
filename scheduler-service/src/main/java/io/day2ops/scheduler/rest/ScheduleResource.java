package io.day2ops.scheduler.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.events.InvalidEventException;
import io.day2ops.events.Names;
import io.day2ops.foundation.commands.HttpCommands;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.rest.ProblemDetails;
import io.day2ops.foundation.security.Roles;
import io.day2ops.scheduler.domain.ScheduleKind;
import io.day2ops.scheduler.domain.ScheduleSpec;
import io.day2ops.scheduler.domain.ValidSchedule;
import io.day2ops.scheduler.service.ScheduleStore;
import io.day2ops.scheduler.service.ScheduleStore.ScheduleView;
import io.quarkus.security.identity.SecurityIdentity;
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
    private final HttpCommands commands;
    private final SecurityIdentity caller;
    private final EventCodec codec;
    private final java.time.Clock clock;

    public ScheduleResource(
            ScheduleStore store,
            HttpCommands commands,
            SecurityIdentity caller,
            EventCodec codec,
            java.time.Clock clock) {
        this.store = store;
        this.commands = commands;
        this.caller = caller;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * Fires the schedule now, out of its cron ({@code velero backup create --from-schedule}): the request its template
     * makes, named {@code <schedule>-<yyyyMMddHHmmss>-manual}, published through the outbox as the caller (a paused schedule fires too:
     * asking is explicit). 202 whose body's {@code location} is the path on the service that carries it out ({@code
     * /backups/<name>} on backup-service, {@code /drills/<name>} on dr-service, {@code /gates/requests/<name>} on
     * upgrade-service).
     */
    @POST
    @Path("/{name}/trigger")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> trigger(@PathParam("name") String name) {
        checkName(name);
        return store.describe(name).chain(view -> {
            ScheduleKind kind = ScheduleKind.byId(view.kind())
                    .orElseThrow(() -> new IllegalStateException("schedule " + name + " has kind " + view.kind()));
            Day2Event request;
            ObjectNode data = ScheduleStore.request((ObjectNode) view.template(), name, clock.instant());
            // "-manual": a cron slot of the same second would otherwise make the same name
            data.put("name", data.get("name").asText() + "-manual");
            try {
                request = codec.parse(kind.fires(), data.toString());
            } catch (InvalidEventException e) {
                throw new BadRequestProblem(e.errors());
            }
            String collection = switch (kind) {
                case BACKUP -> "/backups";
                case DRILL -> "/drills";
                case UPGRADE_CHECK -> "/gates/requests";
            };
            // carried out (and followed) on another service: its path is the body's location, and there is no
            // Location header, which would name this service's host
            return commands.submitValid(
                            request,
                            kind.id(),
                            collection,
                            caller,
                            requested -> Uni.createFrom().item(false))
                    .map(answer -> answer.getStatus() == 202
                            ? Response.fromResponse(answer)
                                    .header("Location", null)
                                    .build()
                            : answer);
        });
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
                                spec.template(),
                                spec.useOwnerReferencesInBackup(),
                                spec.skipImmediately(),
                                spec.drill()));
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
