package io.day2ops.dr.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The fence of a failover's old primary: the workloads the failover restored elsewhere, scaled to 0 on the old primary
 * once it answers, with their replicas before, so that a failback can scale them back.
 */
@Entity
@Table(name = "failover_fence")
public class FailoverFence {

    /** Where a fence stands. */
    public enum Phase {
        /** The old primary has not answered yet; tried every {@code day2.failover.fence-retry}. */
        Pending,
        /** Every workload found is at 0 replicas; {@link #fenced} says which and from how many. */
        Fenced,
        /** The old primary could not be fenced before {@code day2.failover.fence-timeout}; {@link #reason} says why. */
        Failed,
        /** A failback scaled the fenced workloads back. */
        Unfenced
    }

    @Id
    @Column(name = "failover_name")
    public String failoverName;

    /** The old primary. */
    public String cluster;

    @Enumerated(EnumType.STRING)
    public Phase phase;

    /** Why it stands where it does (the last error while Pending). */
    public String reason;

    /** What to fence: JSON list of {@code Kind/namespace/name} on the old primary. */
    public String workloads;

    /** What was fenced: JSON list of {@link FencedWorkload}. */
    public String fenced;

    @Column(name = "deadline_at")
    public Instant deadlineAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
