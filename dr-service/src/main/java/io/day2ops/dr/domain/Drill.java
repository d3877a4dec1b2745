package io.day2ops.dr.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A DR drill: what was asked and, once it ended, how it went. */
@Entity
@Table(name = "drill")
public class Drill {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    /** The source cluster. */
    public String cluster;

    @Column(name = "target_cluster")
    public String targetCluster;

    /** The backup asked for ({@code latest} or a name), resolved to a name once known. */
    @Column(name = "backup_name")
    public String backupName;

    /** Null while the drill runs. */
    public Boolean passed;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "rto_objective_ms")
    public Long rtoObjectiveMillis;

    @Column(name = "rto_measured_ms")
    public Long rtoMeasuredMillis;

    @Column(name = "rpo_objective_ms")
    public Long rpoObjectiveMillis;

    @Column(name = "rpo_measured_ms")
    public Long rpoMeasuredMillis;

    /** The DrillCompleted data, as published. */
    public String report;

    /** The DrillRequested data, as received. */
    public String request;

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

    /** A drill, or a failover (a drill that keeps what it restored and answers FailoverCompleted). */
    public DrillKind kind;

    /** Where the drill stands; changed only through {@link #moveTo(DrillPhase)}. */
    @Enumerated(EnumType.STRING)
    public DrillPhase phase;

    /** The restore asked of backup-service. */
    @Column(name = "restore_name")
    public String restoreName;

    /** The data timestamp of the backup restored (for RPO). */
    @Column(name = "backup_data_at")
    public Instant backupDataAt;

    /** When the drill completes as failed if it has not ended. */
    @Column(name = "deadline_at")
    public Instant deadlineAt;

    /** The timeline and checks so far (JSON), carried between the drill's stages. */
    public String timeline;

    /** What the restore put in the target that verification checks (JSON list of {@code Kind/namespace/name}). */
    @Column(name = "restored_workloads")
    public String restoredWorkloads;

    /** For a failback: the failover it reverses (the failover's target is this row's source); null otherwise. */
    @Column(name = "failback_of")
    public String failbackOf;

    /** Moves the drill to {@code next}; a move {@link DrillPhase} does not allow is a bug, and fails loudly. */
    public void moveTo(DrillPhase next) {
        if (phase != null && !phase.canMoveTo(next)) {
            throw new IllegalStateException(kind + " " + name + " cannot move from " + phase + " to " + next);
        }
        phase = next;
    }

    /** Whether this row is a failover. */
    public boolean isFailover() {
        return kind == DrillKind.FAILOVER;
    }
}
