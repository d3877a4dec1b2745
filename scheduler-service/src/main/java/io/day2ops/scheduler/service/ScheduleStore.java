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
import io.day2ops.scheduler.repository.ScheduleRepository;
import io.day2ops.scheduler.repository.ScheduleRepository.StoredSchedule;
import io.day2ops.scheduler.repository.ScheduleRepository.Timing;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private final ScheduleRepository schedules;
    private final EventCodec codec;
    private final Clock clock;

    public ScheduleStore(ScheduleRepository schedules, EventCodec codec, Clock clock) {
        this.schedules = schedules;
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
     * @param drill the schedule's drill (period and DrillRequested fields), or null
     * @param warnings what day2ops does not act on of what the schedule asks: Velero fields of its template (fired
     *     requests carry only day2ops's fields, so these are not repeated on each backup) and, in the answer to a
     *     create or replace, of the schedule itself
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
            Instant overdueSince,
            JsonNode drill,
            List<String> warnings) {

        ScheduleView withWarnings(List<String> first) {
            if (first.isEmpty()) {
                return this;
            }
            List<String> all = new ArrayList<>(first);
            all.addAll(warnings);
            return new ScheduleView(
                    name,
                    kind,
                    schedule,
                    timeZone,
                    paused,
                    catchUp,
                    rpoObjective,
                    cluster,
                    template,
                    nextFireTimes,
                    lastFiredName,
                    lastFiredAt,
                    lastBackupName,
                    lastPhase,
                    lastReason,
                    lastSuccessfulBackup,
                    lastSuccessDataAt,
                    overdueSince,
                    drill,
                    all);
        }
    }

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
            io.day2ops.events.EventCodec.dropNulls(template); // null is unset, as in a Velero Schedule's template
            String refused = io.day2ops.events.VeleroFields.refusal(kind.fires(), template);
            if (refused != null) {
                errors.add(new FieldError("template." + refused.substring(0, refused.indexOf(':')), refused));
            }
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
        ObjectNode drill = null;
        Duration drillPeriod = null;
        if (spec.drill() != null && !spec.drill().isNull()) {
            if (kind != ScheduleKind.BACKUP || !(spec.drill() instanceof ObjectNode given)) {
                errors.add(new FieldError(
                        "drill",
                        "only a backup schedule has a drill: an object with its period and DrillRequested fields"));
            } else {
                drill = given.deepCopy();
                EventCodec.dropNulls(drill);
                drillPeriod = DrillCoverage.period(drill, errors);
                if (drillPeriod != null && cluster != null) {
                    ObjectNode sample = DrillCoverage.request(drill, spec.name(), cluster, "backup", Instant.EPOCH);
                    for (FieldError error : codec.validate(io.day2ops.events.EventType.DRILL_REQUESTED, sample)) {
                        errors.add(
                                new FieldError("drill." + error.field().replaceFirst("^\\$\\.?", ""), error.message()));
                    }
                }
            }
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
                template,
                spec.veleroWarnings(),
                drill,
                drillPeriod);
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
        return Panache.withTransaction(
                        () -> schedules.insert(schedule, schedule.cron().next(now, now), now))
                .chain(created -> created
                        ? describe(schedule.name()).map(view -> Optional.of(view.withWarnings(schedule.warnings())))
                        : Uni.createFrom().item(Optional.<ScheduleView>empty()));
    }

    /**
     * Replaces a schedule's spec. The next fire time is computed afresh when the cron, its zone or the paused state
     * changed (a resumed schedule does not fire for the slots it slept through); otherwise it stays.
     */
    public Uni<ScheduleView> replace(ValidSchedule schedule) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> schedules
                        .lockTiming(schedule.name())
                        .chain(found -> {
                            Timing timing = found.orElseThrow(() -> notFound(schedule.name()));
                            boolean sameTiming = timing.cron()
                                            .equals(schedule.cron().text())
                                    && timing.timeZone()
                                            .equals(schedule.cron().zone().getId())
                                    && timing.paused() == schedule.paused();
                            Instant next = sameTiming
                                    ? timing.nextFireAt()
                                    : schedule.cron().next(now, timing.createdAt());
                            return schedules.update(schedule, next, now);
                        }))
                .chain(() -> describe(schedule.name()))
                .map(view -> view.withWarnings(schedule.warnings()));
    }

    /**
     * Pauses or resumes a schedule, as {@code velero schedule pause|unpause} does. A resumed schedule fires next at its
     * first slot from now: the slots it slept through are not caught up.
     */
    public Uni<ScheduleView> setPaused(String name, boolean paused) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> schedules.lockTiming(name).chain(found -> {
                    Timing timing = found.orElseThrow(() -> notFound(name));
                    if (timing.paused() == paused) {
                        return Uni.createFrom().voidItem();
                    }
                    CronExpression cron = CronExpression.parse(timing.cron(), timing.timeZone());
                    return schedules.setPaused(name, paused, cron.next(now, timing.createdAt()), now);
                }))
                .chain(() -> describe(name));
    }

    public Uni<List<ScheduleView>> list(String kind, String cluster) {
        return Panache.withSession(() -> schedules.list(kind, cluster))
                .map(stored -> stored.stream().map(ScheduleStore::view).toList());
    }

    public Uni<ScheduleView> describe(String name) {
        return Panache.withSession(() -> schedules.find(name))
                .map(stored -> view(stored.orElseThrow(() -> notFound(name))));
    }

    /** Deletes a schedule; false when there is none. Requests it already fired are not touched. */
    public Uni<Boolean> delete(String name) {
        return Panache.withTransaction(() -> schedules.delete(name));
    }

    private static NotFoundProblem notFound(String name) {
        return new NotFoundProblem("schedule '" + name + "' does not exist");
    }

    private static ScheduleView view(StoredSchedule row) {
        CronExpression cron = CronExpression.parse(row.cron(), row.timeZone());
        List<Instant> times = new ArrayList<>(List.of(row.nextFireAt()));
        times.addAll(cron.next(row.nextFireAt(), row.createdAt(), 2));
        JsonNode template;
        JsonNode drill;
        try {
            template = JSON.readTree(row.template());
            drill = row.drill() == null ? null : JSON.readTree(row.drill());
        } catch (IOException e) {
            throw new IllegalStateException("schedule " + row.name() + ": template is not JSON", e);
        }
        return new ScheduleView(
                row.name(),
                row.kind(),
                row.cron(),
                row.timeZone(),
                row.paused(),
                row.catchUp(),
                row.rpoObjective(),
                row.cluster(),
                template,
                times,
                row.lastFiredName(),
                row.lastFiredAt(),
                row.lastBackupName(),
                row.lastPhase(),
                row.lastReason(),
                row.lastSuccessName(),
                row.lastSuccessDataAt(),
                row.overdueSince(),
                drill,
                ScheduleKind.byId(row.kind())
                        .map(kind -> io.day2ops.events.VeleroFields.warnings(kind.fires(), template))
                        .orElse(List.of()));
    }
}
