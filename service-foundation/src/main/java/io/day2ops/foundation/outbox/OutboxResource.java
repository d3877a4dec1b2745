package io.day2ops.foundation.outbox;

import io.day2ops.foundation.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /outbox} (viewer): rows waiting to be sent, the oldest one's age, and every parked row with the reason
 * and how many later rows of its key wait behind it. {@code POST /outbox/parked/{seq}/retry} (admin) sends a parked
 * row again; {@code POST /outbox/parked/{seq}/discard} (admin) gives it up so its key's later rows go on. See {@link
 * OutboxParking}.
 */
@Path("/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    private final OutboxParking parking;
    private final SecurityIdentity identity;

    public OutboxResource(OutboxParking parking, SecurityIdentity identity) {
        this.parking = parking;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<OutboxParking.State> state() {
        return parking.state();
    }

    @POST
    @Path("/parked/{seq}/retry")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Void> retry(@PathParam("seq") long seq) {
        return parking.retry(seq, identity.getPrincipal().getName());
    }

    @POST
    @Path("/parked/{seq}/discard")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Void> discard(@PathParam("seq") long seq) {
        return parking.discard(seq, identity.getPrincipal().getName());
    }
}
