package io.day2ops.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.console.service.Actions;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The operators' buttons: back up now, restore, run a drill, run a gate, cancel. Each is sent on to its service as
 * the operator (their token), which answers as it answers the CLI; the console adds only the request's name and where
 * the page goes next. Only the console's own page sends them: it marks them with {@code X-Day2-Action}, which a form
 * on another site cannot set.
 */
@Path("/actions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ActionResource {

    static final String MARKER = "X-Day2-Action";

    private final Actions actions;
    private final SecurityIdentity identity;

    public ActionResource(Actions actions, SecurityIdentity identity) {
        this.actions = actions;
        this.identity = identity;
    }

    @POST
    @Path("{kind: backups|restores|drills|gates}")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> start(@PathParam("kind") String kind, @HeaderParam(MARKER) String marker, JsonNode form) {
        marked(marker);
        if (form == null || !form.isObject()) {
            throw new BadRequestProblem("body", "a JSON object with the form's fields is required");
        }
        Uni<Actions.Outcome> outcome;
        try {
            outcome = actions.start(kind, form, People.token(identity));
        } catch (IllegalArgumentException e) {
            throw new BadRequestProblem(e.getMessage().split(" ", 2)[0], e.getMessage());
        }
        return outcome.map(this::answer);
    }

    @POST
    @Path("{kind: backups|restores|drills|rollouts|drains}/{name}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> cancel(
            @PathParam("kind") String kind, @PathParam("name") String name, @HeaderParam(MARKER) String marker) {
        marked(marker);
        return actions.cancel(kind, name, People.token(identity)).map(this::answer);
    }

    private static void marked(String marker) {
        if (marker == null || marker.isBlank()) {
            throw new BadRequestProblem(
                    MARKER, "header " + MARKER + " is missing: actions are sent by the console's own page");
        }
    }

    private Response answer(Actions.Outcome outcome) {
        if (outcome.location() != null) {
            String body = io.day2ops.events.EventCodec.newObjectMapper()
                    .createObjectNode()
                    .put("location", outcome.location())
                    .put("by", identity.getPrincipal().getName())
                    .toString();
            return Response.status(outcome.status()).entity(body).build();
        }
        return Response.status(outcome.status())
                .type("application/problem+json")
                .entity(outcome.body())
                .build();
    }
}
