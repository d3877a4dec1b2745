package io.day2ops.backup.domain;

import io.day2ops.events.BackupPhase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A restore in the catalog: what was asked for and what it did. */
@Entity
@Table(name = "restore")
public class Restore {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The restore's name (unique). */
    public String name;

    /** The cluster restored into. */
    public String cluster;

    /** The backup restored from. */
    @Column(name = "backup_name")
    public String backupName;

    /** New, InProgress, Completed, PartiallyFailed or Failed. */
    @Enumerated(EnumType.STRING)
    public BackupPhase phase;

    /** The drill this restore serves, if any. */
    @Column(name = "drill_name")
    public String drillName;

    @Column(name = "dry_run")
    public boolean dryRun;

    /** The RestoreRequested data, as received. */
    public String request;

    @Column(name = "request_event_id")
    public String requestEventId;

    /** Who sent the request: its {@code ce_source}. */
    @Column(name = "requested_by")
    public String requestedBy;

    /** When they sent it: its {@code ce_time}. */
    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "items_restored")
    public Long itemsRestored;

    @Column(name = "items_skipped")
    public Long itemsSkipped;

    public Long conflicts;

    public Integer warnings;

    public Integer errors;

    @Column(name = "failure_reason")
    public String failureReason;

    /** Every object's outcome, JSON. */
    public String results;
}
