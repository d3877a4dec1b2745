package io.day2ops.dr.repository;

import io.day2ops.dr.domain.Drill;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Drills and their reports. */
@ApplicationScoped
public class DrillRepository implements PanacheRepository<Drill> {

    public Uni<Drill> findByName(String name) {
        return find("name", name).firstResult();
    }

    @WithSession
    public Uni<Drill> describe(String name) {
        return findByName(name);
    }

    /** A source cluster's drills (every cluster's when null), newest first. */
    @WithSession
    public Uni<List<Drill>> history(String cluster, int limit) {
        return (cluster == null
                        ? findAll(Sort.descending("createdAt"))
                        : find("cluster", Sort.descending("createdAt"), cluster))
                .page(0, limit)
                .list();
    }
}
