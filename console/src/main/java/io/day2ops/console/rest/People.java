package io.day2ops.console.rest;

import io.day2ops.console.config.ConsoleConfig;
import io.day2ops.console.pages.Viewer;
import io.day2ops.foundation.security.Roles;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/** Who is on the page, from their login: name, role, and the access token the console acts with on their behalf. */
@ApplicationScoped
public class People {

    private final ConsoleConfig config;

    public People(ConsoleConfig config) {
        this.config = config;
    }

    Viewer viewer(SecurityIdentity identity) {
        String role = identity.hasRole(Roles.ADMIN)
                ? Roles.ADMIN
                : identity.hasRole(Roles.OPERATOR) ? Roles.OPERATOR : Roles.VIEWER;
        return new Viewer(
                identity.getPrincipal().getName(), role, config.banner().orElse(null));
    }

    static String token(SecurityIdentity identity) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            throw new jakarta.ws.rs.NotAuthorizedException("no access token in this session: log in again", "Bearer");
        }
        return token.getToken();
    }
}
