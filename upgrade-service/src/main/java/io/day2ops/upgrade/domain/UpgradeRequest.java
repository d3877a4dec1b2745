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

    /**
     * Where the upgrade loop of a request that is not gate-only stands: {@code Gating}, {@code BackingUp}, {@code
     * Draining}, {@code Ready}, {@code Verified}; {@code Stopped} (NO-GO) or {@code Failed}. Null for a gate-only one.
     */
    public String phase;

    /** Why it stopped or failed. */
    @Column(name = "phase_reason")
    public String phaseReason;

    @Column(name = "phase_since")
    public Instant phaseSince;

    /** The pre-upgrade backup. */
    @Column(name = "backup_name")
    public String backupName;

    /** The nodes to drain, as a JSON array. */
    @Column(name = "drain_nodes")
    public String drainNodes;

    /** The nodes drained and left cordoned, as a JSON array. */
    @Column(name = "drained_nodes")
    public String drainedNodes;

    /** The last verification's outcome; null until one ran. */
    public Boolean verified;

    /** The last verification's checks, as the JSON array published in {@code UpgradeVerified}. */
    @Column(name = "verify_checks")
    public String verifyChecks;

    @Column(name = "verified_at")
    public Instant verifiedAt;
}
