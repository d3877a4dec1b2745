package io.day2ops.scheduler.service;

import io.day2ops.events.BackupFailed;
import io.day2ops.events.BackupPhase;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.SnapshotTaken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps the newest backup outcome per cluster and schedule from {@code SnapshotTaken} and {@code BackupFailed}.
 * Outcomes arrive on two topics and so in any order: each is one upsert that never lets an older outcome overwrite a
 * newer one, nor an older success replace a newer last success.
 */
@ApplicationScoped
public class BackupOutcomes {

    private static final String NEWER = "backup_outcome.last_outcome_at <= EXCLUDED.last_outcome_at";

    public Uni<Void> succeeded(CloudEvent<SnapshotTaken> event) {
        SnapshotTaken data = event.data();
        String reason = data.phase() == BackupPhase.PartiallyFailed ? data.errors() + " item errors" : null;
        return execute(
                "INSERT INTO backup_outcome (cluster, schedule_name, last_backup_name, last_phase, last_reason, last_outcome_at,"
                        + " last_success_name, last_success_data_at, consecutive_failures)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?3, ?7, 0)"
                        + " ON CONFLICT (cluster, schedule_name) DO UPDATE SET"
                        + " last_backup_name = CASE WHEN " + NEWER
                        + " THEN EXCLUDED.last_backup_name ELSE backup_outcome.last_backup_name END,"
                        + " last_phase = CASE WHEN " + NEWER
                        + " THEN EXCLUDED.last_phase ELSE backup_outcome.last_phase END,"
                        + " last_reason = CASE WHEN " + NEWER
                        + " THEN EXCLUDED.last_reason ELSE backup_outcome.last_reason END,"
                        + " consecutive_failures = CASE WHEN " + NEWER
                        + " THEN 0 ELSE backup_outcome.consecutive_failures END,"
                        + " last_outcome_at = GREATEST(backup_outcome.last_outcome_at, EXCLUDED.last_outcome_at),"
                        + " last_success_name = CASE WHEN backup_outcome.last_success_data_at IS NULL"
                        + "   OR backup_outcome.last_success_data_at <= EXCLUDED.last_success_data_at"
                        + "   THEN EXCLUDED.last_success_name ELSE backup_outcome.last_success_name END,"
                        + " last_success_data_at = GREATEST(backup_outcome.last_success_data_at, EXCLUDED.last_success_data_at)",
                data.cluster(),
                key(data.schedule()),
                data.name(),
                data.phase().name(),
                reason,
                at(data.completedAt()),
                at(data.dataTimestamp()));
    }

    public Uni<Void> failed(CloudEvent<BackupFailed> event) {
        BackupFailed data = event.data();
        return execute(
                "INSERT INTO backup_outcome (cluster, schedule_name, last_backup_name, last_phase, last_reason, last_outcome_at,"
                        + " consecutive_failures)"
                        + " VALUES (?1, ?2, ?3, 'Failed', ?4, ?5, 1)"
                        + " ON CONFLICT (cluster, schedule_name) DO UPDATE SET"
                        + " last_backup_name = EXCLUDED.last_backup_name, last_phase = 'Failed',"
                        + " last_reason = EXCLUDED.last_reason, last_outcome_at = EXCLUDED.last_outcome_at,"
                        + " consecutive_failures = backup_outcome.consecutive_failures + 1"
                        + " WHERE " + NEWER,
                data.cluster(),
                key(data.schedule()),
                data.name(),
                data.reason(),
                at(data.failedAt()));
    }

    private static Uni<Void> execute(String sql, Object... parameters) {
        return Panache.getSession()
                .chain(session -> {
                    var query = session.createNativeQuery(sql);
                    for (int i = 0; i < parameters.length; i++) {
                        query.setParameter(i + 1, parameters[i]);
                    }
                    return query.executeUpdate();
                })
                .replaceWithVoid();
    }

    private static String key(String schedule) {
        return schedule == null ? "" : schedule;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
