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
    public Uni<Boolean> insertIfAbsent(String name, String cluster, String request, Instant createdAt) {
        return getSession()
                .chain(session -> session.createNativeQuery("INSERT INTO drain (name, cluster, request, created_at)"
                                + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO NOTHING")
                        .setParameter(1, name)
                        .setParameter(2, cluster)
                        .setParameter(3, request)
                        .setParameter(4, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    public Uni<Drain> findByName(String name) {
        return find("name", name).firstResult();
    }

    @WithSession
    public Uni<Drain> describe(String name) {
        return findByName(name);
    }
}
