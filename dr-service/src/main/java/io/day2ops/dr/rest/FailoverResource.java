package io.day2ops.dr.rest;

import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.events.EventType;
import io.day2ops.foundation.commands.HttpCommands;
import io.day2ops.foundation.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Fails over over HTTP: the body is a {@code FailoverRequested} (its schema), published through the outbox as the
 * caller; followed, like every failover, as a drill of kind {@code failover} at {@code /drills/<name>}.
 */
@Path("/failovers")
@Produces(MediaType.APPLICATION_JSON)
public class FailoverResource {

    private final HttpCommands commands;
    private final SecurityIdentity caller;
    private final DrillRepository drills;

    public FailoverResource(HttpCommands commands, SecurityIdentity caller, DrillRepository drills) {
        this.commands = commands;
        this.caller = caller;
        this.drills = drills;
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> failover(String body) {
        return commands.submit(
                EventType.FAILOVER_REQUESTED,
                body,
                "drill",
                "/drills",
                caller,
                name -> drills.findByName(name).map(java.util.Objects::nonNull));
    }
}
