package io.day2ops.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.console.pages.DetailPage;
import io.day2ops.console.service.ReadModel;
import io.day2ops.console.service.ServiceCalls;
import io.day2ops.events.EventCodec;
import io.day2ops.foundation.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Server-sent events: which cluster's answers changed, as they arrive (every page redraws itself from them), and a
 * running backup's or restore's progress every second, read from its service with the viewer's token until it ends.
 */
@Path("/")
public class LiveResource {

    private static final ObjectMapper JSON = EventCodec.newObjectMapper();
    private static final String END = "end";
    /** The longest a progress stream follows one job (a page left open does not poll forever). */
    private static final Duration FOLLOW_AT_MOST = Duration.ofHours(6);

    /** How many seconds a record may be missing (its request on its way) before the stream gives up on it. */
    private static final long NOT_YET_TICKS = 60;

    private final ReadModel model;
    private final ServiceCalls calls;
    private final SecurityIdentity identity;

    public LiveResource(ReadModel model, ServiceCalls calls, SecurityIdentity identity) {
        this.model = model;
        this.calls = calls;
        this.identity = identity;
    }

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    public Multi<String> events() {
        Multi<String> changes = model.changes()
                .map(cluster -> JSON.createObjectNode().put("cluster", cluster).toString());
        // a comment-like beat keeps proxies from closing an idle stream
        Multi<String> beats =
                Multi.createFrom().ticks().every(Duration.ofSeconds(20)).map(tick -> "{}");
        return Multi.createBy().merging().streams(changes, beats);
    }

    @GET
    @Path("live/{kind: backups|restores}/{name}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    public Multi<String> progress(@PathParam("kind") String kind, @PathParam("name") String name) {
        String token = People.token(identity);
        return Multi.createFrom()
                .ticks()
                .every(Duration.ofSeconds(1))
                .onItem()
                .transformToUniAndConcatenate(tick ->
                        calls.get("backup", "/" + kind + "/" + name, token).map(reply -> update(reply, tick)))
                .onItem()
                .transformToMultiAndConcatenate(update -> {
                    return update.path("done").asBoolean()
                            ? Multi.createFrom().items(update.toString(), END)
                            : Multi.createFrom().item(update.toString());
                })
                .select()
                .first(item -> !END.equals(item))
                .select()
                .first(FOLLOW_AT_MOST);
    }

    private static ObjectNode update(ServiceCalls.Reply reply, long tick) {
        ObjectNode update = JSON.createObjectNode();
        if (reply.status() == 404 && tick < NOT_YET_TICKS) {
            // a request just sent: the service takes it in from the bus in a moment
            return update.put("phase", "Pending")
                    .put("words", "waiting for the service to take the request in")
                    .put("done", false);
        }
        if (!reply.ok()) {
            // refused or gone: say so once and stop (the page shows the service's answer when it redraws)
            return update.put("phase", "unavailable (" + reply.status() + ")").put("done", true);
        }
        JsonNode record;
        try {
            record = JSON.readTree(reply.body());
        } catch (java.io.IOException e) {
            return update.put("phase", "unreadable answer").put("done", true);
        }
        String phase = record.path("phase").asText("unknown");
        JsonNode progress = record.get("progress");
        update.put("phase", phase).put("done", DetailPage.TERMINAL.contains(phase));
        update.put("words", DetailPage.words(phase, progress));
        if (progress != null && progress.hasNonNull("percent")) {
            update.put("percent", progress.get("percent").asInt());
        } else if (DetailPage.TERMINAL.contains(phase)) {
            update.put("percent", 100);
        }
        return update;
    }
}
