package io.day2ops.backup.rest;

import io.day2ops.backup.service.KeyRotation;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/**
 * The backup keyring, for admins: which master key wraps new backups, which backups need each key (a key may leave
 * the ring only when none does), and {@code rewrap}. Key material is never shown.
 */
@Path("/keys")
@RolesAllowed(Roles.ADMIN)
public class KeyResource {

    private final KeyRotation rotation;

    public KeyResource(KeyRotation rotation) {
        this.rotation = rotation;
    }

    @GET
    public Uni<KeyRotation.KeyReport> keys() {
        return rotation.report();
    }

    /**
     * Re-wraps every backup's data key under {@code key} (default: the active key); data and manifests are untouched.
     */
    @POST
    @Path("/rewrap")
    public Uni<KeyRotation.RewrapReport> rewrap(@QueryParam("key") String key) {
        return rotation.rewrap(key)
                .onFailure(IllegalArgumentException.class)
                .transform(e -> new BadRequestProblem("key", e.getMessage()));
    }
}
