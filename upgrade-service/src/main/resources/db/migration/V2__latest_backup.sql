-- upgrade-service: the newest Completed backup per cluster, from SnapshotTaken, for the gate's backup-freshness check.
CREATE TABLE latest_backup (
    cluster         VARCHAR(63)  PRIMARY KEY,
    backup_name     VARCHAR(253) NOT NULL,
    data_timestamp  TIMESTAMPTZ  NOT NULL,
    completed_at    TIMESTAMPTZ  NOT NULL
);
