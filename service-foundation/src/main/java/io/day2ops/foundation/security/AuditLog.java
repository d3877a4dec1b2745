package io.day2ops.foundation.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Who did what: one line on the {@code day2ops.audit} logger for every request that changes something or reads a
 * secret (subject, action, object, outcome), and for every refusal (401/403), whatever the method. Reads of plain
 * state are not logged.
 */
public class AuditLog {

    private static final Logger LOG = Logger.getLogger("day2ops.audit");
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /** Reads that hand out secrets (an etcd snapshot holds every Secret of a cluster): audited like changes. */
    private static final List<String> SECRET_READS = List.of("/etcd-snapshot");

    private final CurrentIdentityAssociation identities;

    public AuditLog(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerResponseFilter
    public Uni<Void> audit(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        int status = response.getStatus();
        boolean refused = status == 401 || status == 403;
        boolean secret = SECRET_READS.stream().anyMatch(path::endsWith);
        if (READS.contains(method) && !refused && !secret) {
            return Uni.createFrom().voidItem();
        }
        return identities
                .getDeferredIdentity()
                .map(SecurityProblems::name)
                .onFailure()
                .recoverWithItem("anonymous (token refused)")
                .invoke(subject -> LOG.infof(
                        "subject=%s action=%s object=%s outcome=%d%s",
                        subject, method, path, status, refused ? " refused" : ""))
                .replaceWithVoid();
    }
}
