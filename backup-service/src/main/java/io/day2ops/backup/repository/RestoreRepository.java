package io.day2ops.backup.repository;

import io.day2ops.backup.domain.Restore;
import io.day2ops.events.BackupPhase;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The restore catalog. */
@ApplicationScoped
public class RestoreRepository implements PanacheRepository<Restore> {

    public Uni<Restore> findByName(String name) {
        return find("name", name).firstResult();
    }

    /** Restores matching the optional filters, newest first. */
    @WithSession
    public Uni<List<Restore>> search(Optional<String> cluster, Optional<BackupPhase> phase, int limit) {
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
        return find(query.toString(), Sort.descending("createdAt"), parameters)
                .page(0, limit)
                .list();
    }

    @WithSession
    public Uni<Restore> describe(String name) {
        return findByName(name);
    }
}
