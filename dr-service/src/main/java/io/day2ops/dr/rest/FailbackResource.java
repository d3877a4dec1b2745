package io.day2ops.dr.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.dr.repository.DrillRepository;
import io.day2ops.dr.service.Failovers;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.FailbackRequested;
import io.day2ops.foundation.commands.HttpCommands;
import io.day2ops.foundation.rest.ProblemDetails;
import io.day2ops.foundation.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Fails back over HTTP: the body is a {@code FailbackRequested} (its schema), published through the outbox as the
 * caller — 202, followed like every failover at {@code /drills/<name>}; 404 when the failover does not exist, 409 when
 * it cannot be failed back (it did not succeed, went elsewhere, is itself a failback) or the name is taken; 400 names
 * each field the schema refuses.
 */
@Path("/failbacks")
@Produces(MediaType.APPLICATION_JSON)
public class FailbackResource {

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    private final HttpCommands commands;
    private final SecurityIdentity caller;
    private final DrillRepository drills;

    public FailbackResource(HttpCommands commands, SecurityIdentity caller, DrillRepository drills) {
        this.commands = commands;
        this.caller = caller;
        this.drills = drills;
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> failback(String body) {
        FailbackRequested asked = lenient(body);
        Uni<Response> submit = commands.submit(
                EventType.FAILBACK_REQUESTED,
                body,
                "failback",
                "/drills",
                caller,
                name -> drills.findByName(name).map(java.util.Objects::nonNull));
        if (asked == null || asked.failover() == null || asked.cluster() == null) {
            return submit; // the schema names what is wrong
        }
        return Panache.withSession(() -> drills.findByName(asked.failover())).chain(failover -> {
            String refusal = Failovers.failbackRefusal(asked, failover);
            if (refusal == null) {
                return submit;
            }
            boolean missing = failover == null || !failover.isFailover();
            return Uni.createFrom()
                    .item(new ProblemDetails(
                                    missing ? "urn:day2ops:problem:not-found" : "urn:day2ops:problem:conflict",
                                    missing ? "Not found" : "Conflict",
                                    missing ? 404 : 409,
                                    refusal,
                                    List.of())
                            .toResponse());
        });
    }

    /** The body as a request when it reads as one, else null (the schema check then says why). */
    private static FailbackRequested lenient(String body) {
        try {
            return JSON.readValue(body, FailbackRequested.class);
        } catch (Exception e) {
            return null;
        }
    }
}
