package io.day2ops.backup.repository;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.day2ops.backup.capture.ObjectIndex;
import io.day2ops.foundation.runtime.NativeStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fleet catalogue in backup-service's database ({@code backup_object}): what every backup holds, per object,
 * written when the backup completes and deleted with its catalog entry ({@link #forget}, in the same transaction).
 */
@ApplicationScoped
public class ObjectCatalog {

    /** Objects per INSERT: the rows travel as one JSON parameter. */
    static final int CHUNK = 20_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CatalogMetrics metrics;

    public ObjectCatalog(CatalogMetrics metrics) {
        this.metrics = metrics;
    }

    /** One object in one backup. */
    public record Held(
            String backup,
            String cluster,
            String schedule,
            Instant completedAt,
            String resource,
            String kind,
            String namespace,
            String name,
            String resourceVersion,
            String sha256) {}

    /** One object in either of two backups, with both sides' versions (null where it is missing). */
    public record Compared(
            String resource,
            String kind,
            String namespace,
            String name,
            String resourceVersionA,
            String resourceVersionB,
            String sha256A,
            String sha256B,
            boolean inA,
            boolean inB) {}

    /** Forgets what backup {@code name} holds (it is being deleted); in the caller's transaction. */
    public Uni<Integer> forget(String name) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("DELETE FROM backup_object WHERE backup_id IN (SELECT id"
                                + " FROM backup WHERE name = ?1)")
                        .setParameter(1, name)
                        .executeUpdate());
    }

    /**
     * Records what backup {@code backupId} holds; in the caller's transaction. Indexing it again replaces what it
     * recorded; an object listed twice is recorded once.
     *
     * <p>The rows travel as one JSON parameter read with {@code json_to_recordset} (PostgreSQL's {@code jsonb} would
     * build a binary tree of the whole document first, which took longer than writing the rows), and the INSERT has
     * no {@code ON CONFLICT}: duplicates are dropped here and a backup's earlier rows deleted first, which costs one
     * index probe instead of a speculative insertion per row.
     */
    public Uni<Void> index(long backupId, List<ObjectIndex.Entry> objects) {
        long start = System.nanoTime();
        List<ObjectIndex.Entry> unique = once(objects);
        Uni<Void> all = Panache.getSession()
                .chain(session -> session.createNativeQuery("DELETE FROM backup_object WHERE backup_id = ?1")
                        .setParameter(1, backupId)
                        .executeUpdate())
                .replaceWithVoid();
        for (int from = 0; from < unique.size(); from += CHUNK) {
            String rows = rows(unique.subList(from, Math.min(unique.size(), from + CHUNK)));
            all = all.chain(() -> Panache.getSession()
                    .chain(session -> session.createNativeQuery(
                                    "INSERT INTO backup_object (backup_id, resource, kind, namespace, name,"
                                            + " resource_version, content_sha256) SELECT ?1, r.resource, r.kind,"
                                            + " r.namespace, r.name, r.rv, decode(r.sha, 'hex') FROM"
                                            + " json_to_recordset(CAST(CAST(?2 AS text) AS json)) AS r(resource text,"
                                            + " kind text, namespace text, name text, rv text, sha text)")
                            .setParameter(1, backupId)
                            .setParameter(2, rows)
                            .executeUpdate())
                    .replaceWithVoid());
        }
        return objects.isEmpty() ? all : all.invoke(() -> metrics.written(Duration.ofNanos(System.nanoTime() - start)));
    }

    /** The rows as one JSON array, written straight to text (no tree of 10,000 nodes first). */
    static String rows(List<ObjectIndex.Entry> objects) {
        StringWriter text = new StringWriter(objects.size() * 160);
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartArray();
            for (ObjectIndex.Entry o : objects) {
                out.writeStartObject();
                out.writeStringField("resource", o.resource());
                out.writeStringField("kind", o.kind());
                out.writeStringField("namespace", o.namespace());
                out.writeStringField("name", o.name());
                out.writeStringField("rv", o.resourceVersion());
                out.writeStringField("sha", o.sha256());
                out.writeEndObject();
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The objects, each (resource, namespace, name) once: the first listed. */
    static List<ObjectIndex.Entry> once(List<ObjectIndex.Entry> objects) {
        Set<List<String>> seen = new HashSet<>(objects.size() * 2);
        List<ObjectIndex.Entry> unique = new ArrayList<>(objects.size());
        for (ObjectIndex.Entry o : objects) {
            if (seen.add(List.of(o.resource(), o.namespace(), o.name()))) {
                unique.add(o);
            }
        }
        return unique;
    }

    /**
     * Every Completed or PartiallyFailed backup holding an object named {@code name}, oldest first per cluster.
     *
     * @param kind a kind ({@code Deployment}), resource ({@code deployments}, {@code deployments.apps}) or short name
     *     ({@code deploy}); null for any
     */
    public Uni<List<Held>> find(String cluster, String kind, String namespace, String name, int limit) {
        String resource = kind == null ? null : ShortNames.resource(kind);
        return Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT b.name, b.cluster, b.schedule_name, b.completed_at, o.resource, o.kind,"
                                        + " o.namespace, o.name, o.resource_version, encode(o.content_sha256, 'hex')"
                                        + " FROM backup_object o JOIN backup b ON b.id = o.backup_id"
                                        + " WHERE o.name = ?1"
                                        + " AND (CAST(?2 AS text) IS NULL OR o.namespace = ?2)"
                                        + " AND (CAST(?3 AS text) IS NULL OR b.cluster = ?3)"
                                        + " AND (CAST(?4 AS text) IS NULL OR lower(o.kind) = lower(?4)"
                                        + "      OR o.resource = ?5 OR split_part(o.resource, '.', 1) = ?5)"
                                        + " AND b.phase IN ('Completed', 'PartiallyFailed')"
                                        + " ORDER BY b.cluster, b.completed_at, b.name, o.resource, o.namespace"
                                        + " LIMIT ?6",
                                Object[].class)
                        .setParameter(1, name)
                        .setParameter(2, namespace)
                        .setParameter(3, cluster)
                        .setParameter(4, kind)
                        .setParameter(5, resource)
                        .setParameter(6, limit)
                        .getResultList())
                .map(rows -> {
                    List<Held> held = new ArrayList<>(rows.size());
                    for (Object[] row : rows) {
                        held.add(new Held(
                                (String) row[0],
                                (String) row[1],
                                (String) row[2],
                                NativeStatements.instant(row[3]),
                                (String) row[4],
                                (String) row[5],
                                (String) row[6],
                                (String) row[7],
                                (String) row[8],
                                (String) row[9]));
                    }
                    return held;
                }));
    }

    /** The objects added, removed or changed between backups {@code a} and {@code b} (ids), sorted. */
    public Uni<List<Compared>> diff(long a, long b) {
        return Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT resource, coalesce(x.kind, y.kind), namespace, name,"
                                        + " x.resource_version, y.resource_version,"
                                        + " encode(x.content_sha256, 'hex'), encode(y.content_sha256, 'hex'),"
                                        + " x.backup_id IS NOT NULL, y.backup_id IS NOT NULL"
                                        + " FROM (SELECT * FROM backup_object WHERE backup_id = ?1) x"
                                        + " FULL OUTER JOIN (SELECT * FROM backup_object WHERE backup_id = ?2) y"
                                        + " USING (resource, namespace, name)"
                                        + " WHERE x.backup_id IS NULL OR y.backup_id IS NULL"
                                        + " OR x.content_sha256 IS DISTINCT FROM y.content_sha256"
                                        + " OR (x.content_sha256 IS NULL"
                                        + "     AND x.resource_version IS DISTINCT FROM y.resource_version)"
                                        + " ORDER BY resource, namespace, name",
                                Object[].class)
                        .setParameter(1, a)
                        .setParameter(2, b)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new Compared(
                                (String) row[0],
                                (String) row[1],
                                (String) row[2],
                                (String) row[3],
                                (String) row[4],
                                (String) row[5],
                                (String) row[6],
                                (String) row[7],
                                Boolean.TRUE.equals(row[8]),
                                Boolean.TRUE.equals(row[9])))
                        .toList()));
    }
}
