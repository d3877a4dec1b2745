package io.day2ops.backup.repository;

import io.day2ops.backup.domain.Backup;
import io.day2ops.events.BackupPhase;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The backup catalog. */
@ApplicationScoped
public class BackupRepository implements PanacheRepository<Backup> {

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
}
