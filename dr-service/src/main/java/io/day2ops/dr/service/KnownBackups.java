package io.day2ops.dr.service;

import io.day2ops.events.CloudEvent;
import io.day2ops.events.SnapshotTaken;
import io.day2ops.foundation.runtime.NativeStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Backups seen on {@code SnapshotTaken}: what a drill restores ({@code latest} resolved here) and its RPO. */
@ApplicationScoped
public class KnownBackups {

    /**
     * A backup a drill may restore.
     *
     * @param name its name
     * @param cluster the cluster it was taken of
     * @param phase Completed or PartiallyFailed
     * @param dataTimestamp when its data was read
     * @param etcdRevision the etcd snapshot's revision, when one was taken
     * @param etcdKeys the etcd snapshot's key count
     * @param uri where the backup is stored
     * @param etcdVerified whether backup-service restored the etcd snapshot when it took it; null when not tried
     * @param etcdVerification what that verification saw, or why it failed or was not tried
     */
    public record KnownBackup(
            String name,
            String cluster,
            String phase,
            Instant dataTimestamp,
            Long etcdRevision,
            Long etcdKeys,
            String uri,
            Boolean etcdVerified,
            String etcdVerification) {}

    public Uni<Void> record(CloudEvent<SnapshotTaken> event) {
        SnapshotTaken data = event.data();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO known_backup (name, cluster, phase,"
                                + " data_timestamp, completed_at, uri, etcd_revision, etcd_keys, etcd_verified,"
                                + " etcd_verification) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                                + " ON CONFLICT (name) DO NOTHING")
                        .setParameter(1, data.name())
                        .setParameter(2, data.cluster())
                        .setParameter(3, data.phase().name())
                        .setParameter(4, at(data.dataTimestamp()))
                        .setParameter(5, at(data.completedAt()))
                        .setParameter(6, data.uri())
                        .setParameter(
                                7, data.etcd() == null ? null : data.etcd().revision())
                        .setParameter(
                                8, data.etcd() == null ? null : data.etcd().keys())
                        .setParameter(
                                9, data.etcd() == null ? null : data.etcd().verified())
                        .setParameter(
                                10, data.etcd() == null ? null : data.etcd().verification())
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * The backup a drill asks for: by name, or the newest Completed one of {@code cluster} for {@code latest}; null
     * when none is known. Must run in a session.
     */
    public Uni<KnownBackup> resolve(String cluster, String name) {
        boolean latest = name == null || name.equals("latest");
        String sql = "SELECT name, cluster, phase, data_timestamp, etcd_revision, etcd_keys, uri, etcd_verified,"
                + " etcd_verification FROM known_backup WHERE "
                + (latest ? "cluster = ?1 AND phase = 'Completed' ORDER BY data_timestamp DESC LIMIT 1" : "name = ?1");
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, latest ? cluster : name)
                        .getResultList())
                .map(KnownBackups::first);
    }

    private static KnownBackup first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new KnownBackup(
                (String) row[0],
                (String) row[1],
                (String) row[2],
                NativeStatements.instant(row[3]),
                row[4] == null ? null : ((Number) row[4]).longValue(),
                row[5] == null ? null : ((Number) row[5]).longValue(),
                (String) row[6],
                (Boolean) row[7],
                (String) row[8]);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
