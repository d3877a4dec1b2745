package io.day2ops.scheduler.repository;

import static io.day2ops.foundation.runtime.NativeStatements.instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.day2ops.scheduler.domain.RpoTarget;
import io.day2ops.scheduler.domain.RpoVerdict;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The watched recovery point objectives ({@code rpo_watch}) and the backup outcomes they are judged on. Every method
 * runs in the caller's Hibernate Reactive transaction ({@code Panache.withTransaction}); lists travel to PostgreSQL as
 * one JSON parameter, so each step is one statement however many objectives there are.
 */
@ApplicationScoped
public class RpoWatchRepository {

    /** The advisory lock one replica holds while it decides transitions: "day2rpo" in ASCII. */
    static final long LOCK = 0x0064_6179_3272_706FL;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TARGETS = "SELECT w.cluster, w.schedule_name, w.rpo_objective, w.rpo_seconds,"
            + " w.watching_since, w.overdue_since, s.last_success_name, s.last_success_data_at,"
            + " l.last_backup_name, l.last_phase, l.last_reason, l.consecutive_failures, l.last_outcome_at"
            + " FROM rpo_watch w"
            + " LEFT JOIN LATERAL (SELECT last_success_name, last_success_data_at FROM backup_outcome o"
            + "   WHERE o.cluster = w.cluster AND (w.schedule_name = '' OR o.schedule_name = w.schedule_name)"
            + "   AND o.last_success_data_at IS NOT NULL ORDER BY o.last_success_data_at DESC LIMIT 1) s ON TRUE"
            + " LEFT JOIN LATERAL (SELECT last_backup_name, last_phase, last_reason, consecutive_failures, last_outcome_at"
            + "   FROM backup_outcome o WHERE o.cluster = w.cluster"
            + "   AND (w.schedule_name = '' OR o.schedule_name = w.schedule_name)"
            + "   ORDER BY o.last_outcome_at DESC LIMIT 1) l ON TRUE";

    /**
     * An objective no longer configured.
     *
     * @param overdueSince when its open breach began, or null
     */
    public record Removed(String cluster, String schedule, String objective, Instant overdueSince) {}

    /** Whether this transaction got the lock that lets one replica at a time decide transitions. */
    public Uni<Boolean> tryLock() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)", Boolean.class)
                        .setParameter(1, LOCK)
                        .getSingleResult());
    }

    /**
     * Makes the watched objectives those of the backup schedules plus {@code clusterObjectives} (cluster to objective
     * and its seconds); returns those removed.
     */
    public Uni<List<Removed>> sync(Map<String, Map.Entry<String, Long>> clusterObjectives, Instant now) {
        ArrayNode configured = JSON.createArrayNode();
        ArrayNode clusters = JSON.createArrayNode();
        clusterObjectives.forEach((cluster, objective) -> {
            configured
                    .addObject()
                    .put("c", cluster)
                    .put("o", objective.getKey())
                    .put("s", objective.getValue());
            clusters.add(cluster);
        });
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO rpo_watch (cluster, schedule_name,"
                                + " rpo_objective, rpo_seconds, watching_since) SELECT cluster, name, rpo_objective,"
                                + " rpo_seconds, created_at FROM schedule WHERE kind = 'backup'"
                                + " AND rpo_seconds IS NOT NULL AND cluster IS NOT NULL"
                                + " UNION ALL SELECT c, '', o, s, ?1"
                                + " FROM jsonb_to_recordset(CAST(CAST(?2 AS text) AS jsonb)) AS u(c text, o text, s bigint)"
                                + " ON CONFLICT (cluster, schedule_name) DO UPDATE SET"
                                + " rpo_objective = EXCLUDED.rpo_objective, rpo_seconds = EXCLUDED.rpo_seconds")
                        .setParameter(1, at(now))
                        .setParameter(2, configured.toString())
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery(
                                        "DELETE FROM rpo_watch w WHERE CASE WHEN w.schedule_name = ''"
                                                + " THEN w.cluster NOT IN"
                                                + " (SELECT jsonb_array_elements_text(CAST(CAST(?1 AS text) AS jsonb)))"
                                                + " ELSE NOT EXISTS (SELECT 1 FROM schedule s"
                                                + " WHERE s.name = w.schedule_name AND s.cluster = w.cluster"
                                                + " AND s.kind = 'backup' AND s.rpo_seconds IS NOT NULL) END"
                                                + " RETURNING w.cluster, w.schedule_name, w.rpo_objective,"
                                                + " w.overdue_since",
                                        Object[].class)
                                .setParameter(1, clusters.toString())
                                .getResultList()))
                .map(rows -> rows.stream()
                        .map(row -> new Removed((String) row[0], schedule(row[1]), (String) row[2], instant(row[3])))
                        .toList());
    }

    /** Every watched objective with its backups; locked for this transaction when {@code forUpdate}. */
    public Uni<List<RpoTarget>> targets(boolean forUpdate) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                forUpdate ? TARGETS + " FOR UPDATE OF w" : TARGETS, Object[].class)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new RpoTarget(
                                (String) row[0],
                                schedule(row[1]),
                                (String) row[2],
                                ((Number) row[3]).longValue(),
                                instant(row[4]),
                                instant(row[5]),
                                (String) row[6],
                                instant(row[7]),
                                (String) row[8],
                                (String) row[9],
                                (String) row[10],
                                row[11] == null ? null : ((Number) row[11]).intValue(),
                                instant(row[12])))
                        .toList());
    }

    /** Records breaches that began (open since their deadline) and ended (closed), in one statement. */
    public Uni<Void> recordTransitions(List<RpoVerdict> changed, Instant now) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode rows = JSON.createArrayNode();
        for (RpoVerdict verdict : changed) {
            rows.addObject()
                    .put("c", verdict.target().cluster())
                    .put(
                            "s",
                            verdict.target().schedule() == null
                                    ? ""
                                    : verdict.target().schedule())
                    .put("since", verdict.breached() ? at(verdict.deadline()).toString() : null);
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("UPDATE rpo_watch w SET overdue_since = u.since,"
                                + " detected_at = CASE WHEN u.since IS NULL THEN NULL ELSE CAST(?1 AS timestamptz) END"
                                + " FROM jsonb_to_recordset(CAST(CAST(?2 AS text) AS jsonb)) AS u(c text, s text, since timestamptz)"
                                + " WHERE w.cluster = u.c AND w.schedule_name = u.s")
                        .setParameter(1, at(now))
                        .setParameter(2, rows.toString())
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static String schedule(Object name) {
        return name == null || ((String) name).isEmpty() ? null : (String) name;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
