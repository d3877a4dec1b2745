package io.day2ops.upgrade.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.events.EventType;
import io.day2ops.events.Names;
import io.day2ops.foundation.commands.HttpCommands;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.foundation.security.Roles;
import io.day2ops.upgrade.domain.UpgradeRequest;
import io.day2ops.upgrade.repository.UpgradeRequestRepository;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Gate reports over HTTP: the latest per cluster, a cluster's history, one request. */
@RolesAllowed(Roles.VIEWER)
@Path("/gates")
@Produces(MediaType.APPLICATION_JSON)
public class GateReportResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UpgradeRequestRepository requests;
    private final HttpCommands commands;
    private final SecurityIdentity caller;
    private final io.day2ops.foundation.outbox.EventOutbox outbox;

    public GateReportResource(
            UpgradeRequestRepository requests,
            HttpCommands commands,
            SecurityIdentity caller,
            io.day2ops.foundation.outbox.EventOutbox outbox) {
        this.requests = requests;
        this.commands = commands;
        this.caller = caller;
        this.outbox = outbox;
    }

    /**
     * Verifies an upgrade after the upgrader ran: publishes {@code UpgradeVerifyRequested} as the caller (202,
     * Location the upgrade; the answer is {@code UpgradeVerified} and the upgrade's {@code verified}). 404 for an
     * upgrade nobody requested. May be sent again.
     */
    @POST
    @Path("/requests/{name}/verify")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> verify(
            @PathParam("name") String name, @QueryParam("uncordon") @DefaultValue("true") boolean uncordon) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        String location = "/gates/requests/" + name;
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> requests.findByName(name)
                        .chain(request -> {
                            if (request == null) {
                                return Uni.createFrom()
                                        .failure(new NotFoundProblem(
                                                "upgrade '" + name + "' does not exist (POST /gates requests one)"));
                            }
                            return outbox.publishAs(
                                    new io.day2ops.events.UpgradeVerifyRequested(name, request.cluster, uncordon),
                                    java.util.UUID.randomUUID().toString(),
                                    HttpCommands.sourceOf(caller));
                        }))
                .map(event -> Response.accepted(new HttpCommands.Accepted(
                                "verification",
                                name,
                                event.id(),
                                event.source(),
                                event.time(),
                                location,
                                java.util.List.of()))
                        .location(java.net.URI.create(location))
                        .build());
    }

    /**
     * Runs the upgrade gate: the body is an {@code UpgradeRequested} (its schema),
     * published through the outbox as the caller; 202 with Location {@code /gates/requests/<name>}, 409 if the name is taken.
     */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body) {
        return commands.submit(
                EventType.UPGRADE_REQUESTED,
                body,
                "gate",
                "/gates/requests",
                caller,
                name -> requests.findByName(name).map(java.util.Objects::nonNull));
    }

    /**
     * A gate report.
     *
     * @param name the upgrade request
     * @param cluster the cluster checked
     * @param targetVersion the version asked for
     * @param currentVersion the API server's version when checked
     * @param verdict Passed, Failed, or null while pending
     * @param checks every check's result
     * @param createdAt when it was requested
     * @param evaluatedAt when the gate ran
     * @param phase the upgrade loop's phase (Gating, BackingUp, Draining, Ready, Verified; Stopped, Failed); absent
     *     for a gate-only request
     * @param phaseReason why it stopped or failed
     * @param backupName the pre-upgrade backup
     * @param drainedNodes the nodes it drained
     * @param verified the last verification's outcome
     * @param verifyChecks the last verification's checks
     * @param verifiedAt when it ran
     */
    public record GateReportView(
            String name,
            String cluster,
            String targetVersion,
            String currentVersion,
            String verdict,
            JsonNode checks,
            Instant createdAt,
            Instant evaluatedAt,
            String phase,
            String phaseReason,
            String backupName,
            java.util.List<String> drainedNodes,
            Boolean verified,
            JsonNode verifyChecks,
            Instant verifiedAt) {

        static GateReportView of(UpgradeRequest request) {
            try {
                return new GateReportView(
                        request.name,
                        request.cluster,
                        request.targetVersion,
                        request.currentVersion,
                        request.verdict,
                        request.checks == null ? null : JSON.readTree(request.checks),
                        request.createdAt,
                        request.evaluatedAt,
                        request.phase,
                        request.phaseReason,
                        request.backupName,
                        io.day2ops.upgrade.service.UpgradeLoop.nodes(request.drainedNodes),
                        request.verified,
                        request.verifyChecks == null ? null : JSON.readTree(request.verifyChecks),
                        request.verifiedAt);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @GET
    @Path("/requests/{name}")
    public Uni<GateReportView> describe(@PathParam("name") String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
        return requests.describe(name).map(request -> {
            if (request == null) {
                throw new NotFoundProblem("upgrade request '" + name + "' does not exist");
            }
            return GateReportView.of(request);
        });
    }

    @GET
    @Path("/clusters/{cluster}")
    public Uni<List<GateReportView>> history(
            @PathParam("cluster") String cluster, @QueryParam("limit") @DefaultValue("20") int limit) {
        requireCluster(cluster);
        if (limit < 1 || limit > 500) {
            throw new BadRequestProblem("limit", "must be between 1 and 500, was " + limit);
        }
        return requests.history(cluster, limit)
                .map(found -> found.stream().map(GateReportView::of).toList());
    }

    @GET
    @Path("/clusters/{cluster}/latest")
    public Uni<GateReportView> latest(@PathParam("cluster") String cluster) {
        requireCluster(cluster);
        return requests.history(cluster, 1).map(found -> {
            if (found.isEmpty()) {
                throw new NotFoundProblem("no gate has run for cluster '" + cluster + "' yet");
            }
            return GateReportView.of(found.get(0));
        });
    }

    private static void requireCluster(String cluster) {
        if (!Names.isDns1123Label(cluster)) {
            throw new BadRequestProblem("cluster", "'" + cluster + "' is not a DNS-1123 label");
        }
    }
}
