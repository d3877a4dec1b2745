package io.day2ops.scheduler.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.day2ops.events.EventCodec;
import io.day2ops.events.FieldError;
import io.day2ops.events.GoDuration;
import io.day2ops.events.Names;
import io.day2ops.foundation.rest.BadRequestProblem;
import io.day2ops.foundation.rest.NotFoundProblem;
import io.day2ops.scheduler.domain.CronExpression;
import io.day2ops.scheduler.domain.FirePlan;
import io.day2ops.scheduler.domain.ScheduleKind;
import io.day2ops.scheduler.domain.ScheduleSpec;
import io.day2ops.scheduler.domain.ValidSchedule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Schedules in PostgreSQL: validation (every bad field named), create, replace, pause and resume, delete, and the
 * views served over REST with each schedule's last outcome and RPO state.
 */
@ApplicationScoped
public class ScheduleStore {

    /** Reads stored templates; one mapper for every row (building one costs far more than reading). */
    private static final ObjectMapper JSON = EventCodec.newObjectMapper();

    /** Room a fired name needs after the schedule's name: {@code -<yyyyMMddHHmmss>}. */
    private static final int MAX_NAME = 253 - 15;

    private static final String VIEW_QUERY = "SELECT s.*, o.last_backup_name, o.last_phase, o.last_reason,"
            + " o.last_success_name, o.last_success_data_at, w.overdue_since FROM schedule s"
            + " LEFT JOIN backup_outcome o ON o.cluster = s.cluster AND o.schedule_name = s.name"
            + " LEFT JOIN rpo_watch w ON w.cluster = s.cluster AND w.schedule_name = s.name";

    private final Pool pool;
    private final EventCodec codec;
    private final Clock clock;

    public ScheduleStore(Pool pool, EventCodec codec, Clock clock) {
        this.pool = pool;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * A stored schedule.
     *
     * @param name its name
     * @param kind what it fires
     * @param schedule its cron
     * @param timeZone the zone the cron is read in
     * @param paused whether it is paused
     * @param catchUp whether the latest missed slot fires after downtime
     * @param rpoObjective backup schedules: the recovery point objective
     * @param cluster the cluster its requests are for
     * @param template the request template
     * @param nextFireTimes the next three fire times (paused: the three it would have)
     * @param lastFiredName the request it fired last
     * @param lastFiredAt the slot it fired last
     * @param lastBackupName backup schedules: the newest backup with an outcome
     * @param lastPhase that backup's phase
     * @param lastReason why it failed or partially failed
     * @param lastSuccessfulBackup the newest successful backup
     * @param lastSuccessDataAt its data timestamp
     * @param overdueSince when the RPO objective was breached, while it is
     */
    public record ScheduleView(
            String name,
            String kind,
            String schedule,
            String timeZone,
            boolean paused,
            boolean catchUp,
            String rpoObjective,
            String cluster,
            JsonNode template,
            List<Instant> nextFireTimes,
            String lastFiredName,
            Instant lastFiredAt,
            String lastBackupName,
            String lastPhase,
            String lastReason,
            String lastSuccessfulBackup,
            Instant lastSuccessDataAt,
            Instant overdueSince) {}

    /** Checks every field of {@code spec}; a {@link BadRequestProblem} names each bad one. */
    public ValidSchedule validate(ScheduleSpec spec) {
        if (spec == null) {
            throw new BadRequestProblem("body", "a JSON schedule is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String nameProblem = Names.subdomainProblem(spec.name());
        if (nameProblem != null) {
            errors.add(new FieldError("name", nameProblem));
        } else if (spec.name().length() > MAX_NAME) {
            errors.add(new FieldError(
                    "name", "must leave room for '-<yyyyMMddHHmmss>' (" + MAX_NAME + " characters at most)"));
        }
        ScheduleKind kind = spec.kind() == null
                ? ScheduleKind.BACKUP
                : ScheduleKind.byId(spec.kind()).orElse(null);
        if (kind == null) {
            errors.add(new FieldError("kind", "'" + spec.kind() + "' is not one of " + ScheduleKind.ids()));
        }
        CronExpression cron = null;
        try {
            cron = CronExpression.parse(spec.schedule(), spec.timeZone());
            cron.next(clock.instant(), clock.instant());
        } catch (CronExpression.InvalidCronException e) {
            String field = e.getMessage().startsWith("time zone") ? "timeZone" : "schedule";
            errors.add(new FieldError(field, e.getMessage()));
        }
        Duration rpo = null;
        if (spec.rpoObjective() != null) {
            if (kind != null && kind != ScheduleKind.BACKUP) {
                errors.add(new FieldError("rpoObjective", "only backup schedules have a recovery point objective"));
            } else {
                try {
                    rpo = GoDuration.parse(spec.rpoObjective());
                    if (rpo.isZero() || rpo.isNegative()) {
                        errors.add(new FieldError("rpoObjective", "must be more than zero"));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("rpoObjective", e.getMessage()));
                }
            }
        }
        ObjectNode template = null;
        String cluster = null;
        if (!(spec.template() instanceof ObjectNode given)) {
            errors.add(new FieldError(
                    "template",
                    "an object with the "
                            + (kind == null
                                    ? "request"
                                    : kind.fires().javaType().getSimpleName()) + " fields is required"));
        } else if (kind != null) {
            template = given.deepCopy();
            template.remove(List.of("name", "schedule"));
            if (kind == ScheduleKind.UPGRADE_CHECK) {
                if (template.has("gateOnly") && !template.get("gateOnly").asBoolean(true)) {
                    errors.add(new FieldError(
                            "template.gateOnly", "an upgrade-check schedule only runs the gate; it cannot be false"));
                }
                template.put("gateOnly", true);
            }
            String fireName = nameProblem == null && spec.name().length() <= MAX_NAME ? spec.name() : "x";
            for (FieldError error : codec.validate(kind.fires(), request(template, fireName, Instant.EPOCH))) {
                errors.add(new FieldError("template." + error.field().replaceFirst("^\\$\\.?", ""), error.message()));
            }
            cluster = template.path("cluster").asText(null);
        }
        if (!errors.isEmpty()) {
            throw new BadRequestProblem(errors);
        }
        return new ValidSchedule(
                spec.name(),
                kind,
                cron,
                Boolean.TRUE.equals(spec.paused()),
                !Boolean.FALSE.equals(spec.catchUp()),
                rpo == null ? null : spec.rpoObjective(),
                rpo,
                cluster,
                template);
    }

    /** The request a schedule's template makes for the slot {@code slot}: its name and schedule filled in. */
    public static ObjectNode request(ObjectNode template, String schedule, Instant slot) {
        ObjectNode data = template.deepCopy();
        data.put("name", FirePlan.requestName(schedule, slot));
        data.put("schedule", schedule);
        return data;
    }

    /** Stores a new schedule; empty when one of that name exists. */
    public Uni<Optional<ScheduleView>> create(ValidSchedule schedule) {
        Instant now = clock.instant();
        return pool.preparedQuery("INSERT INTO schedule (name, kind, cron, time_zone, paused, catch_up, rpo_objective,"
                        + " rpo_seconds, cluster, template, next_fire_at, created_at, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)"
                        + " ON CONFLICT (name) DO NOTHING RETURNING name")
                .execute(Tuple.from(Arrays.asList(
                        schedule.name(),
                        schedule.kind().id(),
                        schedule.cron().text(),
                        schedule.cron().zone().getId(),
                        schedule.paused(),
                        schedule.catchUp(),
                        schedule.rpoObjective(),
                        schedule.rpo() == null ? null : schedule.rpo().toSeconds(),
                        schedule.cluster(),
                        schedule.template().toString(),
                        at(schedule.cron().next(now, now)),
                        at(now))))
                .chain(rows -> rows.size() == 0
                        ? Uni.createFrom().item(Optional.<ScheduleView>empty())
                        : describe(schedule.name()).map(Optional::of));
    }

    /**
     * Replaces a schedule's spec. The next fire time is computed afresh when the cron, its zone or the paused state
     * changed (a resumed schedule does not fire for the slots it slept through); otherwise it stays.
     */
    public Uni<ScheduleView> replace(ValidSchedule schedule) {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> connection
                        .preparedQuery("SELECT cron, time_zone, paused, next_fire_at, created_at FROM schedule"
                                + " WHERE name = $1 FOR UPDATE")
                        .execute(Tuple.of(schedule.name()))
                        .chain(rows -> {
                            Row row = only(rows, schedule.name());
                            boolean sameTiming = row.getString("cron")
                                            .equals(schedule.cron().text())
                                    && row.getString("time_zone")
                                            .equals(schedule.cron().zone().getId())
                                    && row.getBoolean("paused") == schedule.paused();
                            Instant anchor = row.getOffsetDateTime("created_at").toInstant();
                            Instant next = sameTiming
                                    ? row.getOffsetDateTime("next_fire_at").toInstant()
                                    : schedule.cron().next(now, anchor);
                            return connection
                                    .preparedQuery("UPDATE schedule SET kind = $2, cron = $3, time_zone = $4,"
                                            + " paused = $5, catch_up = $6, rpo_objective = $7, rpo_seconds = $8,"
                                            + " cluster = $9, template = $10, next_fire_at = $11, updated_at = $12"
                                            + " WHERE name = $1")
                                    .execute(Tuple.from(Arrays.asList(
                                            schedule.name(),
                                            schedule.kind().id(),
                                            schedule.cron().text(),
                                            schedule.cron().zone().getId(),
                                            schedule.paused(),
                                            schedule.catchUp(),
                                            schedule.rpoObjective(),
                                            schedule.rpo() == null
                                                    ? null
                                                    : schedule.rpo().toSeconds(),
                                            schedule.cluster(),
                                            schedule.template().toString(),
                                            at(next),
                                            at(now))));
                        }))
                .chain(() -> describe(schedule.name()));
    }

    /**
     * Pauses or resumes a schedule, as {@code velero schedule pause|unpause} does. A resumed schedule fires next at its
     * first slot from now: the slots it slept through are not caught up.
     */
    public Uni<ScheduleView> setPaused(String name, boolean paused) {
        Instant now = clock.instant();
        return pool.withTransaction(connection -> connection
                        .preparedQuery("SELECT cron, time_zone, paused, created_at FROM schedule WHERE name = $1"
                                + " FOR UPDATE")
                        .execute(Tuple.of(name))
                        .chain(rows -> {
                            Row row = only(rows, name);
                            if (row.getBoolean("paused") == paused) {
                                return Uni.createFrom().voidItem();
                            }
                            CronExpression cron =
                                    CronExpression.parse(row.getString("cron"), row.getString("time_zone"));
                            Instant next = cron.next(
                                    now, row.getOffsetDateTime("created_at").toInstant());
                            return connection
                                    .preparedQuery("UPDATE schedule SET paused = $2, next_fire_at = $3,"
                                            + " updated_at = $4 WHERE name = $1")
                                    .execute(Tuple.of(name, paused, at(next), at(now)))
                                    .replaceWithVoid();
                        }))
                .chain(() -> describe(name));
    }

    public Uni<List<ScheduleView>> list(String kind, String cluster) {
        return pool.preparedQuery(VIEW_QUERY + " WHERE ($1::text IS NULL OR s.kind = $1)"
                        + " AND ($2::text IS NULL OR s.cluster = $2) ORDER BY s.name LIMIT 1000")
                .execute(Tuple.of(kind, cluster))
                .map(rows -> {
                    List<ScheduleView> views = new ArrayList<>();
                    rows.forEach(row -> views.add(view(row)));
                    return views;
                });
    }

    public Uni<ScheduleView> describe(String name) {
        return pool.preparedQuery(VIEW_QUERY + " WHERE s.name = $1")
                .execute(Tuple.of(name))
                .map(rows -> view(only(rows, name)));
    }

    /** Deletes a schedule; false when there is none. Requests it already fired are not touched. */
    public Uni<Boolean> delete(String name) {
        return pool.preparedQuery("DELETE FROM schedule WHERE name = $1")
                .execute(Tuple.of(name))
                .map(rows -> rows.rowCount() > 0);
    }

    private static Row only(RowSet<Row> rows, String name) {
        if (rows.size() == 0) {
            throw new NotFoundProblem("schedule '" + name + "' does not exist");
        }
        return rows.iterator().next();
    }

    private static ScheduleView view(Row row) {
        CronExpression cron = CronExpression.parse(row.getString("cron"), row.getString("time_zone"));
        Instant next = row.getOffsetDateTime("next_fire_at").toInstant();
        Instant anchor = row.getOffsetDateTime("created_at").toInstant();
        List<Instant> times = new ArrayList<>(List.of(next));
        times.addAll(cron.next(next, anchor, 2));
        JsonNode template;
        try {
            template = JSON.readTree(row.getString("template"));
        } catch (IOException e) {
            throw new IllegalStateException("schedule " + row.getString("name") + ": template is not JSON", e);
        }
        return new ScheduleView(
                row.getString("name"),
                row.getString("kind"),
                row.getString("cron"),
                row.getString("time_zone"),
                row.getBoolean("paused"),
                row.getBoolean("catch_up"),
                row.getString("rpo_objective"),
                row.getString("cluster"),
                template,
                times,
                row.getString("last_fired_name"),
                instant(row.getOffsetDateTime("last_fired_at")),
                row.getString("last_backup_name"),
                row.getString("last_phase"),
                row.getString("last_reason"),
                row.getString("last_success_name"),
                instant(row.getOffsetDateTime("last_success_data_at")),
                instant(row.getOffsetDateTime("overdue_since")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
