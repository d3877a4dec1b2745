package io.day2ops.upgrade.service;

import io.day2ops.events.BackupPhase;
import io.day2ops.events.CloudEvent;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.foundation.runtime.NativeStatements;
import io.day2ops.upgrade.domain.KnownBackup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The newest Completed backup per cluster, followed from {@code SnapshotTaken} (PartiallyFailed ones do not count: a
 * backup that missed items is not what an upgrade should fall back on). An older event arriving late never replaces a
 * newer backup.
 */
@ApplicationScoped
public class LatestBackups {

    public Uni<Void> record(CloudEvent<SnapshotTaken> event) {
        SnapshotTaken data = event.data();
        if (data.phase() != BackupPhase.Completed) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO latest_backup (cluster, backup_name,"
                                + " data_timestamp, completed_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (cluster) DO"
                                + " UPDATE SET backup_name = EXCLUDED.backup_name,"
                                + " data_timestamp = EXCLUDED.data_timestamp, completed_at = EXCLUDED.completed_at"
                                + " WHERE latest_backup.data_timestamp < EXCLUDED.data_timestamp")
                        .setParameter(1, data.cluster())
                        .setParameter(2, data.name())
                        .setParameter(3, at(data.dataTimestamp()))
                        .setParameter(4, at(data.completedAt()))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** The newest Completed backup of {@code cluster}, or null. Must run in a session. */
    public Uni<KnownBackup> of(String cluster) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT backup_name, data_timestamp FROM latest_backup WHERE cluster = ?1",
                                Object[].class)
                        .setParameter(1, cluster)
                        .getResultList())
                .map(LatestBackups::first);
    }

    private static KnownBackup first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new KnownBackup((String) row[0], NativeStatements.instant(row[1]));
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
