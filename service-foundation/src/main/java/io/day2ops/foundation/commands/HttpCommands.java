package io.day2ops.foundation.commands;

import io.day2ops.events.CloudEvent;
import io.day2ops.events.Day2Event;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.InvalidEventException;
import io.day2ops.events.VeleroFields;
import io.day2ops.foundation.outbox.EventOutbox;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.ProblemDetails;
import io.day2ops.foundation.runtime.NativeStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The HTTP way in for people and tools ({@code POST /backups}, {@code /restores}, {@code /drills}, ...): the body is
 * the request event's data, validated with the event's own schema, and is written to the outbox as the request event
 * another system would publish, with {@code ce_source} {@code /users/<who>}. The bus stays the one way in: the
 * service's own consumer carries the request out with the same policy, inbox and answers as any other, and the record
 * shows who asked. Answers {@code 202} with {@code Location}; a name already used (a record of it, or a command
 * accepted a moment ago whose record is not made yet) is a {@code 409}; a body the schema refuses is a {@code 400}
 * naming each field.
 */
@ApplicationScoped
public class HttpCommands {

    private static final List<String> COLUMNS = List.of("kind", "name", "event_id", "requested_by");

    /**
     * What was accepted.
     *
     * @param kind e.g. {@code backup}
     * @param name the name of what was requested
     * @param eventId the request event's {@code ce_id}
     * @param requestedBy its {@code ce_source}
     * @param acceptedAt when it was written to the outbox
     * @param location where to follow it
     * @param warnings the body's fields day2ops does not act on (a Velero field it does not implement, an unknown
     *     one): accepted, ignored, and named here; absent when none
     */
    public record Accepted(
            String kind,
            String name,
            String eventId,
            String requestedBy,
            Instant acceptedAt,
            String location,

            @com.fasterxml.jackson.annotation.JsonInclude(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
            List<String> warnings) {}

    private final EventCodec codec;
    private final EventOutbox outbox;

    public HttpCommands(EventCodec codec, EventOutbox outbox) {
        this.codec = codec;
        this.outbox = outbox;
    }

    /** The {@code ce_source} of a request a person sent: {@code /users/<principal>}. */
    public static String sourceOf(SecurityIdentity caller) {
        return "/users/" + caller.getPrincipal().getName();
    }

    /**
     * Validates {@code body} as {@code type}'s data and submits it.
     *
     * @param kind what is requested, for the messages and the name registry ({@code backup}, {@code drill}, ...)
     * @param collection the path it is followed under ({@code /backups}); Location is {@code <collection>/<name>}
     * @param exists whether a record of that name exists already
     */
    public <T extends Day2Event> Uni<Response> submit(
            EventType<T> type,
            String body,
            String kind,
            String collection,
            SecurityIdentity caller,
            Function<String, Uni<Boolean>> exists) {
        return submit(type, body, kind, collection, caller, exists, UnaryOperator.identity());
    }

    /** As {@link #submit(EventType, String, String, String, SecurityIdentity, Function)}, completing the request first. */
    public <T extends Day2Event> Uni<Response> submit(
            EventType<T> type,
            String body,
            String kind,
            String collection,
            SecurityIdentity caller,
            Function<String, Uni<Boolean>> exists,
            UnaryOperator<T> complete) {
        T request;
        try {
            request = complete.apply(codec.parse(type, body));
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(new BadRequestProblem(e.errors()));
        }
        com.fasterxml.jackson.databind.JsonNode sent;
        try {
            sent = EventCodec.newObjectMapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("parsed above", e);
        }
        String refusal = VeleroFields.refusal(type, sent);
        if (refusal != null) {
            return Uni.createFrom().failure(new BadRequestProblem(refusal.substring(0, refusal.indexOf(':')), refusal));
        }
        List<String> warnings = VeleroFields.warnings(type, sent);
        return submitValid(request, kind, collection, caller, exists).map(answer -> {
            if (warnings.isEmpty() || !(answer.getEntity() instanceof Accepted accepted)) {
                return answer;
            }
            warnings.forEach(w -> Log.warnf("%s %s: %s", kind, accepted.name(), w));
            return Response.fromResponse(answer)
                    .entity(new Accepted(
                            accepted.kind(),
                            accepted.name(),
                            accepted.eventId(),
                            accepted.requestedBy(),
                            accepted.acceptedAt(),
                            accepted.location(),
                            warnings))
                    .build();
        });
    }

    /** Submits a request built by the service itself (e.g. a schedule's trigger), checked for its name only. */
    public <T extends Day2Event> Uni<Response> submitValid(
            T request, String kind, String collection, SecurityIdentity caller, Function<String, Uni<Boolean>> exists) {
        String name = request.subject();
        String source = sourceOf(caller);
        String location = collection + "/" + name;
        String eventId = java.util.UUID.randomUUID().toString();
        return Panache.withTransaction(() -> exists.apply(name)
                        .chain(found -> found
                                ? Uni.createFrom().item(false)
                                : NativeStatements.insertRows(
                                                "http_command",
                                                COLUMNS,
                                                "ON CONFLICT (kind, name) DO NOTHING RETURNING name",
                                                List.<Object[]>of(new Object[] {kind, name, eventId, source}),
                                                String.class)
                                        .map(taken -> !taken.isEmpty()))
                        .chain(free -> free
                                ? outbox.publishAs(request, eventId, source)
                                : Uni.createFrom().<CloudEvent<T>>nullItem()))
                .map(event -> {
                    if (event == null) {
                        return new ProblemDetails(
                                        "urn:day2ops:problem:conflict",
                                        "Conflict",
                                        409,
                                        kind + " '" + name + "' exists already (GET " + location + "); a new " + kind
                                                + " needs a new name",
                                        List.of())
                                .toResponse();
                    }
                    Log.infof(
                            "%s %s requested by %s over HTTP (event %s, %s)",
                            kind, name, source, event.id(), event.type());
                    return Response.accepted(
                                    new Accepted(kind, name, event.id(), source, event.time(), location, List.of()))
                            .location(URI.create(location))
                            .build();
                });
    }
}
