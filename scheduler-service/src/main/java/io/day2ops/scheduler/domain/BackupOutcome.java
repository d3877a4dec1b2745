package io.day2ops.scheduler.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * The newest backup outcome of one cluster and schedule ({@code ""} for on-demand backups), and the newest success:
 * what the RPO watch measures against.
 */
@Entity
@Table(name = "backup_outcome")
@IdClass(BackupOutcome.Key.class)
public class BackupOutcome {

    @Id
    public String cluster;

    @Id
    @Column(name = "schedule_name")
    public String schedule;

    @Column(name = "last_backup_name")
    public String lastBackupName;

    /** Completed, PartiallyFailed or Failed. */
    @Column(name = "last_phase")
    public String lastPhase;

    @Column(name = "last_reason")
    public String lastReason;

    @Column(name = "last_outcome_at")
    public Instant lastOutcomeAt;

    @Column(name = "last_success_name")
    public String lastSuccessName;

    /** The data timestamp of the newest successful backup. */
    @Column(name = "last_success_data_at")
    public Instant lastSuccessDataAt;

    @Column(name = "consecutive_failures")
    public int consecutiveFailures;

    /** The composite key. */
    public static class Key implements Serializable {
        public String cluster;
        public String schedule;

        public Key() {}

        public Key(String cluster, String schedule) {
            this.cluster = cluster;
            this.schedule = schedule;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other
                    && Objects.equals(cluster, other.cluster)
                    && Objects.equals(schedule, other.schedule);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cluster, schedule);
        }
    }
}
