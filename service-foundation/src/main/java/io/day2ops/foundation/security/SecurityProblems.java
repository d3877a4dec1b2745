package io.day2ops.foundation.security;

import io.day2ops.foundation.rest.ProblemDetails;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * 401 and 403 as problem+json that say what is missing: no or a bad token (401, with the role the endpoint needs), or
 * a token without that role (403, naming the role needed and the roles the caller has).
 */
public class SecurityProblems {

    static final String CHALLENGE = "Bearer realm=\"day2ops\"";

    private final CurrentIdentityAssociation identities;

    public SecurityProblems(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerExceptionMapper({
        UnauthorizedException.class,
        AuthenticationFailedException.class,
        AuthenticationCompletionException.class
    })
    public Response unauthenticated(RuntimeException exception, SimpleResourceInfo resource, HttpHeaders headers) {
        List<String> roles = RequiredRoles.of(method(resource));
        boolean sentToken = headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
        String detail = (sentToken
                        ? "the bearer token was not accepted (expired, not signed by the day2ops issuer, or not"
                                + " meant for day2ops)"
                        : "a bearer token from the day2ops issuer is required")
                + "; this endpoint needs " + RequiredRoles.describe(roles);
        return new ProblemDetails("urn:day2ops:problem:unauthorized", "Unauthorized", 401, detail, List.of())
                .toResponse(Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE));
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(ForbiddenException exception, SimpleResourceInfo resource) {
        List<String> roles = RequiredRoles.of(method(resource));
        return identities.getDeferredIdentity().map(identity -> {
            String detail = name(identity) + " has roles " + new TreeSet<>(identity.getRoles())
                    + "; this endpoint needs " + RequiredRoles.describe(roles);
            return new ProblemDetails("urn:day2ops:problem:forbidden", "Forbidden", 403, detail, List.of())
                    .toResponse();
        });
    }

    static String name(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous()
                ? "anonymous"
                : identity.getPrincipal().getName();
    }

    private static java.lang.reflect.Method method(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        for (java.lang.reflect.Method candidate : resource.getResourceClass().getMethods()) {
            if (candidate.getName().equals(resource.getMethodName())
                    && java.util.Arrays.equals(candidate.getParameterTypes(), resource.parameterTypes())) {
                return candidate;
            }
        }
        return null;
    }
}
