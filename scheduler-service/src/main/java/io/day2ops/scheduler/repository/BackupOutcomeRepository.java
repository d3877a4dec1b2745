package io.day2ops.scheduler.repository;

import io.day2ops.scheduler.domain.BackupOutcome;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Backup outcomes per cluster and schedule. */
@ApplicationScoped
public class BackupOutcomeRepository implements PanacheRepositoryBase<BackupOutcome, BackupOutcome.Key> {

    @WithSession
    public Uni<List<BackupOutcome>> ofCluster(String cluster) {
        return find("cluster", Sort.ascending("schedule"), cluster).list();
    }
}
