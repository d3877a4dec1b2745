package io.day2ops.scheduler.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.EventCodec;
import io.day2ops.events.EventType;
import io.day2ops.events.FieldError;
import io.day2ops.events.Names;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.scheduler.domain.CronExpression;
import io.day2ops.scheduler.domain.FirePlan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Backup schedules over HTTP, like Velero's {@code Schedule}: create (validated: a bad cron, zone or template field gets
 * a 400 naming it; a good one answers with its next three fire times), list, describe, delete.
 */
@Path("/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    /** Reads stored templates; one mapper for every row (building one costs far more than reading). */
    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    private final Pool pool;
    private final EventCodec codec;
    private final Clock clock;

    public ScheduleResource(Pool pool, EventCodec codec, Clock clock) {
        this.pool = pool;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * A schedule to create.
     *
     * @param name its name, a DNS-1123 subdomain; fired backups are {@code <name>-<yyyyMMddHHmmss>}
     * @param kind {@code backup} (drill and pre-upgrade-check schedules are not available yet)
     * @param schedule cron (5 fields), a macro such as {@code @daily}, or {@code @every 6h}
     * @param timeZone IANA zone the cron is read in; default UTC
     * @param paused whether it fires
     * @param template the {@code BackupRequested} fields every fired request carries (cluster, includedNamespaces, ttl,
     *     …); {@code name} and {@code schedule} are set when it fires
     */
    public record ScheduleSpec(
            String name, String kind, String schedule, String timeZone, Boolean paused, JsonNode template) {}

    /**
     * A stored schedule.
     *
     * @param name its name
     * @param kind what it fires
     * @param schedule its cron
     * @param timeZone the zone the cron is read in
     * @param paused whether it fires
     * @param template the request template
     * @param nextFireTimes the next three fire times
     * @param lastFiredName the request it fired last
     * @param lastFiredAt the slot it fired last
     */
    public record ScheduleView(
            String name,
            String kind,
            String schedule,
            String timeZone,
            boolean paused,
            JsonNode template,
            List<Instant> nextFireTimes,
            String lastFiredName,
            Instant lastFiredAt) {}

    @POST
    public Uni<Response> create(ScheduleSpec spec) {
        if (spec == null) {
            throw new BadRequestProblem("body", "a JSON schedule is required");
        }
        CronExpression cron = validate(spec);
        Instant now = clock.instant();
        Instant next = cron.next(now, now);
        String zone = cron.zone().getId();
        return pool.preparedQuery("INSERT INTO schedule (name, kind, cron, time_zone, paused, template, next_fire_at,"
                        + " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO NOTHING"
                        + " RETURNING name")
                .execute(Tuple.from(List.of(
                        spec.name(),
                        "backup",
                        spec.schedule().trim(),
                        zone,
                        Boolean.TRUE.equals(spec.paused()),
                        spec.template().toString(),
                        at(next),
                        at(now))))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Response.status(409)
                                .type("application/problem+json")
                                .entity(new io.day2ops.foundation.rest.ProblemDetails(
                                        "about:blank",
                                        "Conflict",
                                        409,
                                        "schedule '" + spec.name() + "' exists; delete it first",
                                        List.of()))
                                .build();
                    }
                    return Response.status(201)
                            .entity(new ScheduleView(
                                    spec.name(),
                                    "backup",
                                    spec.schedule().trim(),
                                    zone,
                                    Boolean.TRUE.equals(spec.paused()),
                                    spec.template(),
                                    cron.next(now, now, 3),
                                    null,
                                    null))
                            .build();
                });
    }

    @GET
    public Uni<List<ScheduleView>> list() {
        return pool.query("SELECT * FROM schedule ORDER BY name LIMIT 1000")
                .execute()
                .map(rows -> {
                    List<ScheduleView> views = new ArrayList<>();
                    rows.forEach(row -> views.add(view(row)));
                    return views;
                });
    }

    @GET
    @Path("/{name}")
    public Uni<ScheduleView> describe(@PathParam("name") String name) {
        checkName(name);
        return pool.preparedQuery("SELECT * FROM schedule WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundProblem("schedule '" + name + "' does not exist");
                    }
                    return view(rows.iterator().next());
                });
    }

    @DELETE
    @Path("/{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        checkName(name);
        return pool.preparedQuery("DELETE FROM schedule WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new NotFoundProblem("schedule '" + name + "' does not exist");
                    }
                    return Response.noContent().build();
                });
    }

    private CronExpression validate(ScheduleSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        String nameProblem = Names.subdomainProblem(spec.name());
        if (nameProblem != null) {
            errors.add(new FieldError("name", nameProblem));
        } else if (spec.name().length() > 253 - 15) {
            errors.add(new FieldError("name", "must leave room for '-<yyyyMMddHHmmss>' (238 characters at most)"));
        }
        if (spec.kind() != null && !spec.kind().equals("backup")) {
            errors.add(new FieldError("kind", "'" + spec.kind() + "': only backup schedules are available yet"));
        }
        CronExpression cron = null;
        try {
            cron = CronExpression.parse(spec.schedule(), spec.timeZone());
            cron.next(clock.instant(), clock.instant());
        } catch (CronExpression.InvalidCronException e) {
            String field = e.getMessage().startsWith("time zone") ? "timeZone" : "schedule";
            errors.add(new FieldError(field, e.getMessage()));
        }
        if (!(spec.template() instanceof ObjectNode template)) {
            errors.add(new FieldError("template", "an object with the BackupRequested fields is required"));
        } else {
            ObjectNode request = template.deepCopy();
            request.put("name", FirePlan.requestName(nameProblem == null ? spec.name() : "x", Instant.EPOCH));
            request.put("schedule", nameProblem == null ? spec.name() : "x");
            for (FieldError error : codec.validate(EventType.BACKUP_REQUESTED, request)) {
                errors.add(new FieldError("template." + error.field().replaceFirst("^\\$\\.?", ""), error.message()));
            }
        }
        if (!errors.isEmpty()) {
            throw new BadRequestProblem(errors);
        }
        return cron;
    }

    private ScheduleView view(Row row) {
        CronExpression cron = CronExpression.parse(row.getString("cron"), row.getString("time_zone"));
        Instant next = row.getOffsetDateTime("next_fire_at").toInstant();
        Instant anchor = row.getOffsetDateTime("created_at").toInstant();
        List<Instant> times = new ArrayList<>(List.of(next));
        times.addAll(cron.next(next, anchor, 2));
        OffsetDateTime lastFiredAt = row.getOffsetDateTime("last_fired_at");
        JsonNode template;
        try {
            template = JSON.readTree(row.getString("template"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("schedule " + row.getString("name") + ": template is not JSON", e);
        }
        return new ScheduleView(
                row.getString("name"),
                row.getString("kind"),
                row.getString("cron"),
                row.getString("time_zone"),
                row.getBoolean("paused"),
                template,
                times,
                row.getString("last_fired_name"),
                lastFiredAt == null ? null : lastFiredAt.toInstant());
    }

    private static void checkName(String name) {
        String problem = Names.subdomainProblem(name);
        if (problem != null) {
            throw new BadRequestProblem("name", problem);
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
