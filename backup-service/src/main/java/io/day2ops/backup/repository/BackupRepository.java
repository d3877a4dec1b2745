package io.day2ops.backup.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.day2ops.backup.domain.Backup;
import io.day2ops.events.BackupPhase;
import io.day2ops.foundation.runtime.NativeStatements;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The backup catalog. */
@ApplicationScoped
public class BackupRepository implements PanacheRepository<Backup> {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Uni<Backup> findByName(String name) {
        return find("name", name).firstResult();
    }

    /** Backups matching the optional filters, newest first. */
    @WithSession
    public Uni<List<Backup>> search(
            Optional<String> cluster, Optional<BackupPhase> phase, Optional<String> schedule, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        cluster.ifPresent(value -> {
            query.append(" and cluster = :cluster");
            parameters.and("cluster", value);
        });
        phase.ifPresent(value -> {
            query.append(" and phase = :phase");
            parameters.and("phase", value);
        });
        schedule.ifPresent(value -> {
            query.append(" and schedule = :schedule");
            parameters.and("schedule", value);
        });
        return find(query.toString(), Sort.descending("createdAt"), parameters)
                .page(0, limit)
                .list();
    }

    @WithSession
    public Uni<Backup> describe(String name) {
        return findByName(name);
    }

    /** Up to {@code limit} backups whose TTL ran out before {@code now}, the oldest expiry first. */
    @WithSession
    public Uni<List<Backup>> expired(Instant now, int limit) {
        return find("expiresAt < ?1", Sort.by("expiresAt"), now).page(0, limit).list();
    }

    /** A backup {@link #failAll} failed: what its {@code BackupFailed} needs. */
    public record FailedBackup(String name, String cluster, Instant startedAt, String schedule) {}

    /**
     * Locks the named backups for the caller's transaction and says which cluster each is for (names not in the
     * catalog are missing from the answer). One statement for a whole batch.
     */
    public Uni<Map<String, Locked>> lockClusters(List<String> names) {
        ArrayNode json = JSON.createArrayNode();
        names.forEach(json::add);
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT name, cluster, requested_by, requested_at, created_at FROM backup WHERE name IN"
                                        + " (SELECT jsonb_array_elements_text(CAST(CAST(?1 AS text) AS jsonb))) FOR UPDATE",
                                Object[].class)
                        .setParameter(1, json.toString())
                        .getResultList())
                .map(rows -> {
                    Map<String, Locked> locked = new HashMap<>();
                    rows.forEach(row -> locked.put(
                            (String) row[0],
                            new Locked(
                                    (String) row[1],
                                    (String) row[2],
                                    NativeStatements.instant(row[3]),
                                    NativeStatements.instant(row[4]))));
                    return locked;
                });
    }

    /** A backup locked by {@link #lockClusters}: its cluster, and who asked for it when. */
    public record Locked(String cluster, String requestedBy, Instant requestedAt, Instant createdAt) {}

    /** Marks the backups of {@code reasons} Failed with their reason, in one statement of the caller's transaction. */
    public Uni<List<FailedBackup>> failAll(Map<String, String> reasons, Instant now) {
        ArrayNode json = JSON.createArrayNode();
        reasons.forEach((name, reason) -> json.addObject().put("name", name).put("reason", reason));
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "UPDATE backup b SET phase = ?1, failure_reason = u.reason,"
                                        + " started_at = coalesce(b.started_at, ?2), completed_at = ?3"
                                        + " FROM jsonb_to_recordset(CAST(CAST(?4 AS text) AS jsonb)) AS u(name text, reason text)"
                                        + " WHERE b.name = u.name"
                                        + " RETURNING b.name, b.cluster, b.started_at, b.schedule_name",
                                Object[].class)
                        .setParameter(1, BackupPhase.Failed.name())
                        .setParameter(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .setParameter(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                        .setParameter(4, json.toString())
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new FailedBackup(
                                (String) row[0], (String) row[1], NativeStatements.instant(row[2]), (String) row[3]))
                        .toList());
    }

    /** Per master key id, the backups whose data key it wraps (only encrypted backups), names sorted. */
    @WithSession
    public Uni<Map<String, List<String>>> keyUsage() {
        return getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT data_key_id, name FROM backup WHERE data_key_id IS NOT NULL"
                                        + " ORDER BY data_key_id, name",
                                Object[].class)
                        .getResultList())
                .map(rows -> {
                    Map<String, List<String>> usage = new java.util.TreeMap<>();
                    rows.forEach(row -> usage.computeIfAbsent((String) row[0], k -> new java.util.ArrayList<>())
                            .add((String) row[1]));
                    return usage;
                });
    }

    /** The encrypted backups whose data key is not wrapped by {@code keyId}: what a rewrap to it has to do. */
    @WithSession
    public Uni<List<Backup>> notWrappedBy(String keyId) {
        return list("dataKeyId is not null and dataKeyId <> ?1", Sort.by("name"), keyId);
    }

    /** Records that a backup's data key is now wrapped by {@code keyId}. */
    public Uni<Integer> rewrapped(String name, String keyId) {
        return update("dataKeyId = ?1 where name = ?2", keyId, name);
    }
}
