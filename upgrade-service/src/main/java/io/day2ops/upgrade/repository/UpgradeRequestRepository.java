package io.day2ops.upgrade.repository;

import io.day2ops.upgrade.domain.UpgradeRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Upgrade requests and their gate reports. */
@ApplicationScoped
public class UpgradeRequestRepository implements PanacheRepository<UpgradeRequest> {

    public Uni<UpgradeRequest> findByName(String name) {
        return find("name", name).firstResult();
    }

    @WithSession
    public Uni<UpgradeRequest> describe(String name) {
        return findByName(name);
    }

    /** The evaluated gate reports of a cluster, newest first. */
    @WithSession
    public Uni<List<UpgradeRequest>> history(String cluster, int limit) {
        return find("cluster = ?1 and evaluatedAt is not null", Sort.descending("evaluatedAt"), cluster)
                .page(0, limit)
                .list();
    }
}
