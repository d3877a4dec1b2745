-- upgrade-service: one row per UpgradeRequested, with the gate's report once it ran.
CREATE TABLE upgrade_request (
    id                BIGSERIAL PRIMARY KEY,
    name              VARCHAR(253) NOT NULL UNIQUE,
    cluster           VARCHAR(63)  NOT NULL,
    target_version    VARCHAR(32)  NOT NULL,
    gate_only         BOOLEAN      NOT NULL,
    verdict           VARCHAR(16),
    current_version   VARCHAR(64),
    checks            TEXT,
    request           TEXT         NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    evaluated_at      TIMESTAMPTZ
);
CREATE INDEX upgrade_request_cluster ON upgrade_request (cluster, evaluated_at DESC);
