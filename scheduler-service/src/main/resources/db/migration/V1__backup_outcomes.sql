-- scheduler-service: the newest backup outcome per cluster and per schedule ('' = on-demand backups).
-- last_success_data_at is what the RPO watch compares with the objective.
CREATE TABLE backup_outcome (
    cluster               VARCHAR(63)  NOT NULL,
    schedule_name         VARCHAR(253) NOT NULL,
    last_backup_name      VARCHAR(253) NOT NULL,
    last_phase            VARCHAR(32)  NOT NULL,
    last_reason           TEXT,
    last_outcome_at       TIMESTAMPTZ  NOT NULL,
    last_success_name     VARCHAR(253),
    last_success_data_at  TIMESTAMPTZ,
    consecutive_failures  INTEGER      NOT NULL DEFAULT 0,
    PRIMARY KEY (cluster, schedule_name)
);
