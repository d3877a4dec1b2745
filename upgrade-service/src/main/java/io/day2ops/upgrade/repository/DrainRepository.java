package io.day2ops.upgrade.repository;

import io.day2ops.upgrade.domain.Drain;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Drains. Writes run in the caller's transaction. */
@ApplicationScoped
public class DrainRepository implements PanacheRepository<Drain> {

    /** Records a new drain; false when one of that name exists already (nothing is changed). */
    /** Inserts {@code drain} unless its name exists; answers whether it was inserted. */
    public Uni<Boolean> insertIfAbsent(Drain drain) {
        return getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO drain (name, cluster, request, created_at,"
                                + " requested_by, requested_at, outcome, reason, completed_at)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (name) DO NOTHING")
                        .setParameter(1, drain.name)
                        .setParameter(2, drain.cluster)
                        .setParameter(3, drain.request)
                        .setParameter(4, at(drain.createdAt))
                        .setParameter(5, drain.requestedBy)
                        .setParameter(6, at(drain.requestedAt))
                        .setParameter(7, drain.outcome)
                        .setParameter(8, drain.reason)
                        .setParameter(9, at(drain.completedAt))
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public Uni<Drain> findByName(String name) {
        return find("name", name).firstResult();
    }

    @WithSession
    public Uni<Drain> describe(String name) {
        return findByName(name);
    }

    /** The newest drains first, of one cluster or all. */
    @io.quarkus.hibernate.reactive.panache.common.WithSession
    public Uni<java.util.List<Drain>> history(String cluster, int limit) {
        return (cluster == null
                        ? findAll(io.quarkus.panache.common.Sort.descending("createdAt"))
                        : find("cluster", io.quarkus.panache.common.Sort.descending("createdAt"), cluster))
                .page(0, limit)
                .list();
    }
}
