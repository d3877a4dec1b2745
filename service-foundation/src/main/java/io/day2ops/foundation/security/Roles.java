package io.day2ops.foundation.security;

/**
 * The three roles of day2ops, from the token's role claim ({@code quarkus.oidc.roles.role-claim-path}). Each includes
 * the one below it ({@code quarkus.http.auth.roles-mapping}), so an endpoint names the least role that may call it.
 */
public final class Roles {

    /** Reads state: backups, restores, drills, gates, schedules, outcomes, logs. */
    public static final String VIEWER = "viewer";

    /** Viewer, plus creates and cancels backups, restores, drills, gates, rollouts, drains and schedules. */
    public static final String OPERATOR = "operator";

    /** Operator, plus deletes backups, downloads etcd snapshots, fails over, changes policy. */
    public static final String ADMIN = "admin";

    private Roles() {}
}
