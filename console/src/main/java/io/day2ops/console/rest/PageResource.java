package io.day2ops.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.day2ops.console.fleet.Answer;
import io.day2ops.console.pages.ClusterPage;
import io.day2ops.console.pages.DeliveryPage;
import io.day2ops.console.pages.DetailPage;
import io.day2ops.console.pages.FleetPage;
import io.day2ops.console.service.DeadLetterReader;
import io.day2ops.console.service.ReadModel;
import io.day2ops.console.service.ServiceCalls;
import io.day2ops.events.Day2Event;
import io.day2ops.events.DrillCompleted;
import io.day2ops.events.EventCodec;
import io.day2ops.events.InvalidEventException;
import io.day2ops.events.UpgradeGateFailed;
import io.day2ops.foundation.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The console's pages: the fleet, one cluster, one operation. Every page is for viewers and up. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PageResource {

    private static final int HISTORY = 50;

    /** A kind in the URL, to the service and path that serve its record. */
    private static final Map<String, String[]> RECORDS = Map.of(
            "backups", new String[] {"backup", "/backups/"},
            "restores", new String[] {"backup", "/restores/"},
            "drills", new String[] {"dr", "/drills/"},
            "gates", new String[] {"upgrade", "/gates/requests/"},
            "rollouts", new String[] {"upgrade", "/rollouts/"},
            "drains", new String[] {"upgrade", "/drains/"},
            "failovers", new String[] {"dr", "/failovers/"});

    private final ReadModel model;
    private final ServiceCalls calls;
    private final People people;
    private final SecurityIdentity identity;
    private final FleetPage fleetPage = new FleetPage();
    private final ClusterPage clusterPage = new ClusterPage();
    private final DetailPage detailPage = new DetailPage();
    private final DeliveryPage deliveryPage = new DeliveryPage();
    private final DeadLetterReader deadLetters;

    public PageResource(
            ReadModel model,
            ServiceCalls calls,
            People people,
            SecurityIdentity identity,
            DeadLetterReader deadLetters) {
        this.deadLetters = deadLetters;
        this.model = model;
        this.calls = calls;
        this.people = people;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public String fleet() {
        return fleetPage.render(model.fleet(), Instant.now(), people.viewer(identity));
    }

    @GET
    @Path("fleet/{cluster}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<String> cluster(@PathParam("cluster") String cluster) {
        Uni<List<Answer>> backups = model.history(cluster, "backup", HISTORY);
        Uni<List<Answer>> drills = model.history(cluster, "drill", HISTORY);
        Uni<List<Answer>> gates = model.history(cluster, "gate", HISTORY);
        Uni<List<Answer>> others = model.operations(cluster, HISTORY);
        // one after the other: the session of a reactive datasource serves one statement at a time
        return backups.chain(b -> drills.chain(d -> gates.chain(g -> others.map(o -> clusterPage.render(
                cluster,
                model.fleet().find(cluster),
                b,
                events(d).stream().map(DrillCompleted.class::cast).toList(),
                new ArrayList<>(events(g)),
                o,
                people.viewer(identity),
                Instant.now())))));
    }

    @GET
    @Path("delivery")
    @RolesAllowed(Roles.VIEWER)
    public Uni<String> delivery() {
        String token = People.token(identity);
        List<String> services = List.of("scheduler", "backup", "upgrade", "dr");
        Uni<List<DeliveryPage.Outbox>> outboxes = Multi.createFrom()
                .iterable(services)
                .onItem()
                .transformToUniAndConcatenate(service -> calls.get(service, "/outbox", token)
                        .map(reply -> DeliveryPage.Outbox.of(
                                service + "-service", reply.status(), reply.ok() ? json(reply.body()) : null)))
                .collect()
                .asList();
        return outboxes.chain(boxes -> deadLetters
                .read()
                .map(topics -> deliveryPage.render(boxes, topics, null, people.viewer(identity)))
                .onFailure()
                .recoverWithItem(failure -> deliveryPage.render(
                        boxes,
                        List.of(),
                        "The dead-letter topics could not be read: " + failure.getMessage(),
                        people.viewer(identity))));
    }

    @GET
    @Path("{kind: backups|restores|drills|gates|rollouts|drains|failovers}/{name}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<String> detail(@PathParam("kind") String kind, @PathParam("name") String name) {
        String singular = kind.substring(0, kind.length() - 1);
        String[] where = RECORDS.get(kind);
        String token = People.token(identity);
        return model.named(singular, name)
                .chain(answers -> calls.get(where[0], where[1] + name, token).map(reply -> {
                    JsonNode record = null;
                    String problem = null;
                    if (reply.ok()) {
                        record = json(reply.body());
                    } else if (reply.status() == 404) {
                        problem = answers.isEmpty()
                                ? "The " + where[0] + " service has no " + singular + " named " + name
                                        + " yet. A request just sent is on its way; this page follows it."
                                : null;
                    } else {
                        JsonNode refusal = json(reply.body());
                        problem = "The " + where[0] + " service answered " + reply.status()
                                + (refusal != null && refusal.hasNonNull("detail")
                                        ? ": " + refusal.get("detail").asText()
                                        : "");
                    }
                    UpgradeGateFailed failed = null;
                    for (Day2Event event : events(answers)) {
                        if (event instanceof UpgradeGateFailed f) {
                            failed = f;
                            break;
                        }
                    }
                    return detailPage.render(singular, name, record, problem, answers, failed, people.viewer(identity));
                }));
    }

    private List<Day2Event> events(List<Answer> answers) {
        List<Day2Event> events = new ArrayList<>();
        for (Answer answer : answers) {
            try {
                events.add(model.event(answer));
            } catch (InvalidEventException | RuntimeException e) {
                // kept when valid; one that no longer parses is left off the page, not the whole page
            }
        }
        return events;
    }

    private static JsonNode json(String body) {
        try {
            return EventCodec.newObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
