-- dr-service: drills run in stages (restore asked of backup-service, then verification), each stage a job; the
-- timeline is carried in the row. Backups seen on day2.backup.snapshot-taken.v1 resolve "latest" and give the RPO.
ALTER TABLE drill ADD COLUMN phase VARCHAR(16) NOT NULL DEFAULT 'New';
ALTER TABLE drill ADD COLUMN restore_name VARCHAR(253);
ALTER TABLE drill ADD COLUMN backup_data_at TIMESTAMPTZ;
ALTER TABLE drill ADD COLUMN deadline_at TIMESTAMPTZ;
ALTER TABLE drill ADD COLUMN timeline TEXT;
ALTER TABLE drill ADD COLUMN restored_workloads TEXT;
CREATE UNIQUE INDEX drill_restore_name ON drill (restore_name);
CREATE INDEX drill_waiting ON drill (deadline_at) WHERE phase IN ('Restoring', 'Verifying');

CREATE TABLE known_backup (
    name             VARCHAR(253) PRIMARY KEY,
    cluster          VARCHAR(63)  NOT NULL,
    phase            VARCHAR(32)  NOT NULL,
    data_timestamp   TIMESTAMPTZ  NOT NULL,
    completed_at     TIMESTAMPTZ  NOT NULL,
    uri              TEXT         NOT NULL,
    etcd_revision    BIGINT,
    etcd_keys        BIGINT
);
CREATE INDEX known_backup_latest ON known_backup (cluster, data_timestamp DESC);
