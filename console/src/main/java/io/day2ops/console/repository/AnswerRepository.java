package io.day2ops.console.repository;

import io.day2ops.console.fleet.Answer;
import io.day2ops.foundation.runtime.NativeStatements;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The console's read model in its own database: the answer events it took in, once each. */
@ApplicationScoped
public class AnswerRepository {

    private static final List<String> COLUMNS =
            List.of("id", "type", "kind", "name", "cluster", "outcome", "at", "summary", "json");
    private static final String SELECT =
            "SELECT id, type, kind, name, cluster, outcome, at, summary, json" + " FROM console_answer ";

    /** Keeps {@code answers} (each once, by event id); inside the caller's transaction. */
    public Uni<Void> insert(List<Answer> answers) {
        List<Object[]> rows = answers.stream()
                .map(a -> new Object[] {
                    a.id(),
                    a.type(),
                    a.kind(),
                    a.name(),
                    a.cluster(),
                    a.outcome(),
                    a.at().atOffset(ZoneOffset.UTC),
                    a.summary(),
                    a.json()
                })
                .toList();
        return NativeStatements.insertRows("console_answer", COLUMNS, "ON CONFLICT (id) DO NOTHING", rows, null)
                .replaceWithVoid();
    }

    /** Every answer after {@code (at, id)}, oldest first, at most {@code limit}: the replay into the fleet, by pages. */
    public Uni<List<Answer>> after(Instant at, String id, int limit) {
        return Panache.withSession(() -> query(
                SELECT + "WHERE (at, id) > (?1, ?2) ORDER BY at, id LIMIT ?3", at.atOffset(ZoneOffset.UTC), id, limit));
    }

    /** A cluster's answers of one kind, newest first, at most {@code limit}. */
    public Uni<List<Answer>> ofCluster(String cluster, String kind, int limit) {
        return Panache.withSession(() ->
                query(SELECT + "WHERE cluster = ?1 AND kind = ?2 ORDER BY at DESC LIMIT ?3", cluster, kind, limit));
    }

    /** A cluster's restores, rollouts, drains and failovers, newest first, at most {@code limit}. */
    public Uni<List<Answer>> operationsOf(String cluster, int limit) {
        return Panache.withSession(() -> query(
                SELECT + "WHERE cluster = ?1 AND kind IN ('restore', 'rollout', 'drain', 'failover')"
                        + " ORDER BY at DESC LIMIT ?2",
                cluster,
                limit));
    }

    /** The answers to one request (a backup's SnapshotTaken, say), newest first. */
    public Uni<List<Answer>> named(String kind, String name) {
        return Panache.withSession(
                () -> query(SELECT + "WHERE kind = ?1 AND name = ?2 ORDER BY at DESC LIMIT 20", kind, name));
    }

    /**
     * Starts generation {@code generation} of the read model: when the database holds another one, its answers and
     * the console's inbox entries go, so the consumers (in that generation's group) take every event in again.
     *
     * @return true when the read model starts empty: a new database, or another generation (emptied here)
     */
    public Uni<Boolean> startGeneration(int generation) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("SELECT generation FROM console_state WHERE id = 1", Integer.class)
                        .getResultList()
                        .chain(found -> {
                            if (!found.isEmpty() && found.get(0) == generation) {
                                return Uni.createFrom().item(false);
                            }
                            return s.createNativeQuery("TRUNCATE console_answer")
                                    .executeUpdate()
                                    .chain(() -> s.createNativeQuery(
                                                    "DELETE FROM inbox_event WHERE consumer LIKE 'console.%'")
                                            .executeUpdate())
                                    .chain(() -> s.createNativeQuery("INSERT INTO console_state (id, generation)"
                                                    + " VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET generation"
                                                    + " = excluded.generation")
                                            .setParameter(1, generation)
                                            .executeUpdate())
                                    .replaceWith(true);
                        })));
    }

    private static Uni<List<Answer>> query(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList()
                    .map(rows -> rows.stream()
                            .map(r -> new Answer(
                                    (String) r[0],
                                    (String) r[1],
                                    (String) r[2],
                                    (String) r[3],
                                    (String) r[4],
                                    (String) r[5],
                                    NativeStatements.instant(r[6]),
                                    (String) r[7],
                                    (String) r[8]))
                            .toList());
        });
    }
}
