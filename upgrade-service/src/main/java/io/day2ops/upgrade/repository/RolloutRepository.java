package io.day2ops.upgrade.repository;

import io.day2ops.upgrade.domain.Rollout;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Rollouts. Writes run in the caller's transaction. */
@ApplicationScoped
public class RolloutRepository implements PanacheRepository<Rollout> {

    /**
     * Records a new rollout (refused ones arrive with their outcome set); false when one of that name exists already
     * (nothing is changed).
     */
    public Uni<Boolean> insertIfAbsent(Rollout rollout) {
        return getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO rollout (name, cluster, namespace, kind,"
                                + " workload, strategy, request, created_at, outcome, reason, completed_at, requested_by,"
                                + " requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                                + " ON CONFLICT (name) DO NOTHING")
                        .setParameter(1, rollout.name)
                        .setParameter(2, rollout.cluster)
                        .setParameter(3, rollout.namespace)
                        .setParameter(4, rollout.kind)
                        .setParameter(5, rollout.workload)
                        .setParameter(6, rollout.strategy)
                        .setParameter(7, rollout.request)
                        .setParameter(8, at(rollout.createdAt))
                        .setParameter(9, rollout.outcome)
                        .setParameter(10, rollout.reason)
                        .setParameter(11, at(rollout.completedAt))
                        .setParameter(12, rollout.requestedBy)
                        .setParameter(13, at(rollout.requestedAt))
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<Rollout> findByName(String name) {
        return find("name", name).firstResult();
    }

    @WithSession
    public Uni<Rollout> describe(String name) {
        return findByName(name);
    }

    /** A cluster's rollouts (every cluster's when null), newest first. */
    @WithSession
    public Uni<List<Rollout>> history(String cluster, int limit) {
        return (cluster == null
                        ? findAll(Sort.descending("createdAt"))
                        : find("cluster", Sort.descending("createdAt"), cluster))
                .page(0, limit)
                .list();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
