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

/** A backup in the catalog: what was asked for and where it got to. */
@Entity
@Table(name = "backup")
public class Backup {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The backup's name (unique). */
    public String name;

    /** The logical cluster backed up. */
    public String cluster;

    /** Where the backup is: New, InProgress, Completed, PartiallyFailed or Failed. */
    @Enumerated(EnumType.STRING)
    public BackupPhase phase;

    /** The storage location asked for; null means the default. */
    @Column(name = "storage_location")
    public String storageLocation;

    /** The schedule that fired the request, if any. */
    @Column(name = "schedule_name")
    public String schedule;

    /** The BackupRequested data, as received. */
    public String request;

    /** The ce_id of the BackupRequested event. */
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

    /** Why the backup failed, for phase Failed. */
    @Column(name = "failure_reason")
    public String failureReason;

    /** Where the backup is stored, once written. */
    public String uri;

    /** The sha256 of its manifest.json: a restore refuses a manifest that does not match. */
    @Column(name = "manifest_sha256")
    public String manifestSha256;

    @Column(name = "size_bytes")
    public Long sizeBytes;

    @Column(name = "total_items")
    public Long totalItems;

    /** Objects captured per resource, as JSON ({@code {"deployments.apps": 3}}). */
    @Column(name = "item_counts")
    public String itemCounts;

    public Integer warnings;

    public Integer errors;

    /** The point in time the data reflects, for RPO. */
    @Column(name = "data_timestamp")
    public Instant dataTimestamp;

    /** When garbage collection deletes it. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "etcd_revision")
    public Long etcdRevision;

    @Column(name = "etcd_keys")
    public Long etcdKeys;

    /** The master key its data key is wrapped with (or that sealed it directly); null when not encrypted. */
    @Column(name = "data_key_id")
    public String dataKeyId;

    /** The CSI snapshots kept with the backup (JSON array of {@code VolumeSnapshotInfo}), deleted with it. */
    @Column(name = "volume_snapshots")
    public String volumeSnapshots;
}
