-- dr-service: one row per DrillRequested, with its outcome once it ended.
CREATE TABLE drill (
    id                 BIGSERIAL PRIMARY KEY,
    name               VARCHAR(253) NOT NULL UNIQUE,
    cluster            VARCHAR(63)  NOT NULL,
    target_cluster     VARCHAR(63)  NOT NULL,
    backup_name        VARCHAR(253),
    passed             BOOLEAN,
    failure_reason     TEXT,
    rto_objective_ms   BIGINT,
    rto_measured_ms    BIGINT,
    rpo_objective_ms   BIGINT,
    rpo_measured_ms    BIGINT,
    report             TEXT,
    request            TEXT         NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL,
    started_at         TIMESTAMPTZ,
    completed_at       TIMESTAMPTZ
);
CREATE INDEX drill_cluster ON drill (cluster, completed_at DESC);
