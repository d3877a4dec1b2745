package io.day2ops.dr.repository;

import io.day2ops.dr.domain.FailoverFence;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Fences of old primaries. */
@ApplicationScoped
public class FenceRepository implements PanacheRepositoryBase<FailoverFence, String> {

    /** The fences still waiting for their old primary, oldest attempt first. */
    public Uni<List<FailoverFence>> pending(int limit) {
        return find("phase", Sort.ascending("updatedAt"), FailoverFence.Phase.Pending)
                .page(0, limit)
                .list();
    }
}
