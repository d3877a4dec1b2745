package io.day2ops.scheduler.repository;

import static io.day2ops.foundation.runtime.NativeStatements.instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.day2ops.scheduler.domain.ValidSchedule;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The {@code schedule} table, in the caller's Hibernate Reactive session or transaction. Set-based work (claiming the
 * due schedules with {@code SKIP LOCKED}, advancing a whole round) is one statement each; lists travel as one JSON
 * parameter.
 */
@ApplicationScoped
public class ScheduleRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String COLUMNS = "s.name, s.kind, s.cron, s.time_zone, s.paused, s.catch_up, s.rpo_objective,"
            + " s.cluster, s.template, s.next_fire_at, s.created_at, s.last_fired_name, s.last_fired_at, s.drill";

    private static final String VIEW_QUERY = "SELECT " + COLUMNS + ", o.last_backup_name, o.last_phase,"
            + " o.last_reason, o.last_success_name, o.last_success_data_at, w.overdue_since FROM schedule s"
            + " LEFT JOIN backup_outcome o ON o.cluster = s.cluster AND o.schedule_name = s.name"
            + " LEFT JOIN rpo_watch w ON w.cluster = s.cluster AND w.schedule_name = s.name";

    /** A stored schedule with its last backup outcome and RPO state, as the view query reads it. */
    public record StoredSchedule(
            String name,
            String kind,
            String cron,
            String timeZone,
            boolean paused,
            boolean catchUp,
            String rpoObjective,
            String cluster,
            String template,
            Instant nextFireAt,
            Instant createdAt,
            String lastFiredName,
            Instant lastFiredAt,
            String lastBackupName,
            String lastPhase,
            String lastReason,
            String lastSuccessName,
            Instant lastSuccessDataAt,
            Instant overdueSince,
            String drill) {}

    /** A schedule's timing, locked for the caller's transaction. */
    public record Timing(String cron, String timeZone, boolean paused, Instant nextFireAt, Instant createdAt) {}

    /** A due schedule, claimed for the caller's transaction. */
    public record Due(
            String name,
            String kind,
            String cron,
            String timeZone,
            boolean catchUp,
            String template,
            Instant nextFireAt,
            Instant createdAt) {}

    /**
     * Where a fired (or skipped) schedule goes next.
     *
     * @param slot the slot it fired, or null when it skipped one (the last fired slot and name stay)
     * @param fired the request it fired, or null
     */
    public record Advance(String name, Instant next, Instant slot, String fired) {}

    /** Stores a new schedule; false when one of that name exists. */
    public Uni<Boolean> insert(ValidSchedule schedule, Instant next, Instant now) {
        List<Object> values = new ArrayList<>();
        values.add(schedule.name());
        values.addAll(specValues(schedule));
        values.addAll(Arrays.asList(at(next), at(now), at(now)));
        return execute(
                        "INSERT INTO schedule (name, " + SPEC_COLUMNS + ", next_fire_at, created_at, updated_at)"
                                + " VALUES (" + placeholders(1, values.size()) + ") ON CONFLICT (name) DO NOTHING",
                        values)
                .map(inserted -> inserted == 1);
    }

    /** The schedule's timing, locked until the transaction ends; empty when there is none. */
    public Uni<Optional<Timing>> lockTiming(String name) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT cron, time_zone, paused, next_fire_at, created_at FROM schedule"
                                        + " WHERE name = ?1 FOR UPDATE",
                                Object[].class)
                        .setParameter(1, name)
                        .getResultList())
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row -> new Timing(
                                (String) row[0], (String) row[1], (Boolean) row[2], instant(row[3]), instant(row[4]))));
    }

    /** Replaces the spec of an existing schedule and sets its next fire time. */
    public Uni<Void> update(ValidSchedule schedule, Instant next, Instant now) {
        List<Object> values = new ArrayList<>(specValues(schedule));
        values.addAll(Arrays.asList(at(next), at(now), schedule.name()));
        String[] columns = SPEC_COLUMNS.split(", ");
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            set.append(columns[i]).append(" = ?").append(i + 1).append(", ");
        }
        int n = columns.length;
        return execute(
                        "UPDATE schedule SET " + set + "next_fire_at = ?" + (n + 1) + ", updated_at = ?" + (n + 2)
                                + " WHERE name = ?" + (n + 3),
                        values)
                .replaceWithVoid();
    }

    /** Pauses or resumes a schedule, with the next fire time it has from now. */
    public Uni<Void> setPaused(String name, boolean paused, Instant next, Instant now) {
        return execute(
                        "UPDATE schedule SET paused = ?1, next_fire_at = ?2, updated_at = ?3 WHERE name = ?4",
                        Arrays.asList(paused, at(next), at(now), name))
                .replaceWithVoid();
    }

    /** Up to 1,000 schedules, by name, optionally of one kind and/or cluster. */
    public Uni<List<StoredSchedule>> list(String kind, String cluster) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                VIEW_QUERY + " WHERE (CAST(?1 AS text) IS NULL OR s.kind = ?2)"
                                        + " AND (CAST(?3 AS text) IS NULL OR s.cluster = ?4) ORDER BY s.name LIMIT 1000",
                                Object[].class)
                        .setParameter(1, kind)
                        .setParameter(2, kind)
                        .setParameter(3, cluster)
                        .setParameter(4, cluster)
                        .getResultList())
                .map(rows -> rows.stream().map(ScheduleRepository::stored).toList());
    }

    public Uni<Optional<StoredSchedule>> find(String name) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(VIEW_QUERY + " WHERE s.name = ?1", Object[].class)
                        .setParameter(1, name)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(ScheduleRepository::stored));
    }

    /** Deletes a schedule; false when there is none. */
    public Uni<Boolean> delete(String name) {
        return execute("DELETE FROM schedule WHERE name = ?1", List.of(name)).map(deleted -> deleted > 0);
    }

    /**
     * Claims up to {@code limit} due schedules for the caller's transaction, the longest due first, skipping those
     * another replica holds. A backup schedule is not due while its previous backup has no outcome yet (Velero's rule),
     * unless that backup was fired before {@code inProgressBefore}.
     */
    public Uni<List<Due>> claimDue(Instant now, Instant inProgressBefore, int limit) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT name, kind, cron, time_zone, catch_up, template, next_fire_at, created_at"
                                        + " FROM schedule s WHERE NOT paused AND next_fire_at <= ?1"
                                        + " AND (kind <> 'backup' OR last_fired_name IS NULL OR last_fired_at < ?2"
                                        + " OR EXISTS (SELECT 1 FROM backup_outcome o WHERE o.schedule_name = s.name"
                                        + " AND o.last_backup_name = s.last_fired_name))"
                                        + " ORDER BY next_fire_at LIMIT ?3 FOR UPDATE OF s SKIP LOCKED",
                                Object[].class)
                        .setParameter(1, at(now))
                        .setParameter(2, at(inProgressBefore))
                        .setParameter(3, limit)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new Due(
                                (String) row[0],
                                (String) row[1],
                                (String) row[2],
                                (String) row[3],
                                (Boolean) row[4],
                                (String) row[5],
                                instant(row[6]),
                                instant(row[7])))
                        .toList());
    }

    /** Moves each schedule to its next slot, in one statement. */
    public Uni<Void> advance(List<Advance> moves) {
        if (moves.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode rows = JSON.createArrayNode();
        for (Advance move : moves) {
            rows.addObject()
                    .put("name", move.name())
                    .put("next", move.next().toString())
                    .put("slot", move.slot() == null ? null : move.slot().toString())
                    .put("fired", move.fired());
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("UPDATE schedule s SET next_fire_at = u.next,"
                                + " last_fired_at = COALESCE(u.slot, s.last_fired_at),"
                                + " last_fired_name = COALESCE(u.fired, s.last_fired_name)"
                                + " FROM jsonb_to_recordset(CAST(CAST(?1 AS text) AS jsonb))"
                                + " AS u(name text, next timestamptz, slot timestamptz, fired text)"
                                + " WHERE s.name = u.name")
                        .setParameter(1, rows.toString())
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** The spec's columns, in the order of {@link #specValues}. */
    private static final String SPEC_COLUMNS =
            "kind, cron, time_zone, paused, catch_up, rpo_objective, rpo_seconds, cluster, template, drill,"
                    + " drill_period_seconds";

    private static List<Object> specValues(ValidSchedule schedule) {
        return Arrays.asList(
                schedule.kind().id(),
                schedule.cron().text(),
                schedule.cron().zone().getId(),
                schedule.paused(),
                schedule.catchUp(),
                schedule.rpoObjective(),
                schedule.rpo() == null ? null : schedule.rpo().toSeconds(),
                schedule.cluster(),
                schedule.template().toString(),
                schedule.drill() == null ? null : schedule.drill().toString(),
                schedule.drillPeriod() == null ? null : schedule.drillPeriod().toSeconds());
    }

    private static String placeholders(int from, int to) {
        StringBuilder list = new StringBuilder();
        for (int i = from; i <= to; i++) {
            list.append(i == from ? "" : ", ").append('?').append(i);
        }
        return list.toString();
    }

    /** Runs one statement with {@code values} as ?1, ?2, ... in the caller's session; the number of rows changed. */
    private static Uni<Integer> execute(String sql, List<Object> values) {
        return Panache.getSession().chain(session -> {
            Mutiny.Query<Object> query = session.createNativeQuery(sql);
            for (int i = 0; i < values.size(); i++) {
                query.setParameter(i + 1, values.get(i));
            }
            return query.executeUpdate();
        });
    }

    private static StoredSchedule stored(Object[] row) {
        return new StoredSchedule(
                (String) row[0],
                (String) row[1],
                (String) row[2],
                (String) row[3],
                (Boolean) row[4],
                (Boolean) row[5],
                (String) row[6],
                (String) row[7],
                (String) row[8],
                instant(row[9]),
                instant(row[10]),
                (String) row[11],
                instant(row[12]),
                (String) row[14],
                (String) row[15],
                (String) row[16],
                (String) row[17],
                instant(row[18]),
                instant(row[19]),
                (String) row[13]);
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
