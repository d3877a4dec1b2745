package io.day2ops.upgrade.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A drain: what was asked and, once it ended, each node's result. */
@Entity
@Table(name = "drain")
public class Drain {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String cluster;

    /** The DrainRequested data, as received. */
    public String request;

    /** {@code Drained} or {@code Failed}; null while it runs. */
    public String outcome;

    /** Why it failed. */
    public String reason;

    /** Each node's result (JSON array, as in DrainCompleted). */
    public String nodes;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Who sent the request: its {@code ce_source}. */
    @Column(name = "requested_by")
    public String requestedBy;

    /** When they sent it: its {@code ce_time}. */
    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "completed_at")
    public Instant completedAt;
}
