package io.day2ops.upgrade.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A rollout: what was asked, what ran before it (recorded before the first change, so a rollout resumed by another
 * worker still rolls back to it) and, once it ended, every step.
 */
@Entity
@Table(name = "rollout")
public class Rollout {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String cluster;

    public String namespace;

    /** {@code Deployment} or {@code StatefulSet}. */
    public String kind;

    public String workload;

    /** {@code surge} or {@code partition}. */
    public String strategy;

    /** The RolloutRequested data, as received. */
    public String request;

    /** The pod template before the rollout (JSON); null until captured. */
    @Column(name = "previous_template")
    public String previousTemplate;

    /** A StatefulSet's partition before the rollout. */
    @Column(name = "previous_partition")
    public Integer previousPartition;

    /** {@code Succeeded}, {@code RolledBack} or {@code Failed}; null while it runs. */
    public String outcome;

    public String reason;

    /** Every step with its timing (JSON array, as in RolloutCompleted). */
    public String steps;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Who sent the request: its {@code ce_source}. */
    @Column(name = "requested_by")
    public String requestedBy;

    /** When they sent it: its {@code ce_time}. */
    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;
}
