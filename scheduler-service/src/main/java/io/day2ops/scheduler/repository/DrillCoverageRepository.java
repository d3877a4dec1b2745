package io.day2ops.scheduler.repository;

import io.day2ops.foundation.runtime.NativeStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The {@code drill_coverage} table and the backup schedules that declare a drill, in the caller's session. */
@ApplicationScoped
public class DrillCoverageRepository {

    /** Another constant than the RPO watch's: one replica at a time decides which schedules to drill. */
    private static final long LOCK = 0x6461793264726c6cL;

    /**
     * One backup schedule with a drill, and where its proof stands.
     *
     * @param cluster the schedule's cluster
     * @param schedule its name
     * @param drill the drill spec (JSON: period and DrillRequested fields)
     * @param periodSeconds the drill period
     * @param paused whether the schedule is paused (it is still watched, not drilled)
     * @param lastSuccessName its newest successful backup, or null
     * @param lastSuccessDataAt that backup's data timestamp
     * @param lastDrillName the last drill of one of its backups, or null
     * @param lastDrillBackup the backup that drill restored
     * @param lastDrillPassed whether it passed
     * @param lastDrillAt when it completed
     * @param lastProvenBackup the backup of the last drill that passed, or null
     * @param lastProvenAt when that drill completed
     * @param requestedDrill the drill this service last asked for, or null
     * @param requestedAt when
     * @param watchingSince when the schedule was created
     */
    public record Covered(
            String cluster,
            String schedule,
            String drill,
            long periodSeconds,
            boolean paused,
            String lastSuccessName,
            Instant lastSuccessDataAt,
            String lastDrillName,
            String lastDrillBackup,
            Boolean lastDrillPassed,
            Instant lastDrillAt,
            String lastProvenBackup,
            Instant lastProvenAt,
            String requestedDrill,
            Instant requestedAt,
            Instant watchingSince) {

        /** Whether a drill of one of its backups passed within the period before {@code now}. */
        public boolean proven(Instant now) {
            return lastProvenAt != null
                    && !lastProvenAt.plusSeconds(periodSeconds).isBefore(now);
        }
    }

    public Uni<Boolean> tryLock() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)", Boolean.class)
                        .setParameter(1, LOCK)
                        .getSingleResult());
    }

    /** Every backup schedule with a drill, of one cluster or (null) all. */
    public Uni<List<Covered>> covered(String cluster) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT s.cluster, s.name, s.drill, s.drill_period_seconds, s.paused,"
                                        + " o.last_success_name, o.last_success_data_at, c.last_drill_name,"
                                        + " c.last_drill_backup, c.last_drill_passed, c.last_drill_at,"
                                        + " c.last_proven_backup, c.last_proven_at, c.requested_drill, c.requested_at,"
                                        + " s.created_at FROM schedule s"
                                        + " LEFT JOIN backup_outcome o ON o.cluster = s.cluster AND o.schedule_name = s.name"
                                        + " LEFT JOIN drill_coverage c ON c.cluster = s.cluster AND c.schedule_name = s.name"
                                        + " WHERE s.kind = 'backup' AND s.drill_period_seconds IS NOT NULL"
                                        + " AND (CAST(?1 AS text) IS NULL OR s.cluster = ?1) ORDER BY s.cluster, s.name",
                                Object[].class)
                        .setParameter(1, cluster)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new Covered(
                                (String) row[0],
                                (String) row[1],
                                (String) row[2],
                                ((Number) row[3]).longValue(),
                                (Boolean) row[4],
                                (String) row[5],
                                NativeStatements.instant(row[6]),
                                (String) row[7],
                                (String) row[8],
                                (Boolean) row[9],
                                NativeStatements.instant(row[10]),
                                (String) row[11],
                                NativeStatements.instant(row[12]),
                                (String) row[13],
                                NativeStatements.instant(row[14]),
                                NativeStatements.instant(row[15])))
                        .toList());
    }

    /** Records the drill this service asked for. */
    public Uni<Void> requested(String cluster, String schedule, String drill, Instant at) {
        return execute(
                "INSERT INTO drill_coverage (cluster, schedule_name, requested_drill, requested_at)"
                        + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (cluster, schedule_name) DO UPDATE SET"
                        + " requested_drill = EXCLUDED.requested_drill, requested_at = EXCLUDED.requested_at",
                cluster,
                schedule,
                drill,
                at(at));
    }

    /** Records a drill of one of the schedule's backups; a passed one is the new proof unless a newer one exists. */
    public Uni<Void> drilled(
            String cluster, String schedule, String drill, String backup, boolean passed, Instant completedAt) {
        return execute(
                "INSERT INTO drill_coverage (cluster, schedule_name, last_drill_name, last_drill_backup,"
                        + " last_drill_passed, last_drill_at, last_proven_backup, last_proven_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                        + " ON CONFLICT (cluster, schedule_name) DO UPDATE SET"
                        + " last_drill_name = EXCLUDED.last_drill_name, last_drill_backup = EXCLUDED.last_drill_backup,"
                        + " last_drill_passed = EXCLUDED.last_drill_passed, last_drill_at = EXCLUDED.last_drill_at,"
                        + " last_proven_backup = CASE WHEN EXCLUDED.last_proven_at IS NOT NULL"
                        + "   AND (drill_coverage.last_proven_at IS NULL"
                        + "   OR drill_coverage.last_proven_at <= EXCLUDED.last_proven_at)"
                        + "   THEN EXCLUDED.last_proven_backup ELSE drill_coverage.last_proven_backup END,"
                        + " last_proven_at = GREATEST(drill_coverage.last_proven_at, EXCLUDED.last_proven_at)",
                cluster,
                schedule,
                drill,
                backup,
                passed,
                at(completedAt),
                passed ? backup : null,
                passed ? at(completedAt) : null);
    }

    private static Uni<Void> execute(String sql, Object... values) {
        return Panache.getSession()
                .chain(session -> {
                    var query = session.createNativeQuery(sql);
                    for (int i = 0; i < values.length; i++) {
                        query.setParameter(i + 1, values[i]);
                    }
                    return query.executeUpdate();
                })
                .replaceWithVoid();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
