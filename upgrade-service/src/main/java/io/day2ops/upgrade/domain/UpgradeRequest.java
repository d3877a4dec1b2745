package io.day2ops.upgrade.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An upgrade request and, once the gate ran, its report. */
@Entity
@Table(name = "upgrade_request")
public class UpgradeRequest {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String cluster;

    @Column(name = "target_version")
    public String targetVersion;

    @Column(name = "gate_only")
    public boolean gateOnly;

    /** {@code Passed} or {@code Failed}; null until the gate ran. */
    public String verdict;

    /** The API server's version when the gate ran; null when it could not be reached. */
    @Column(name = "current_version")
    public String currentVersion;

    /** Every check's result, as the JSON array published in the gate event. */
    public String checks;

    /** The UpgradeRequested data, as received. */
    public String request;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Who sent the request: its {@code ce_source}. */
    @Column(name = "requested_by")
    public String requestedBy;

    /** When they sent it: its {@code ce_time}. */
    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "evaluated_at")
    public Instant evaluatedAt;
}
