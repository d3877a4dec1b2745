-- backup-service's catalog: one row per backup it was asked for.
CREATE TABLE backup (
    id                BIGSERIAL PRIMARY KEY,
    name              VARCHAR(253) NOT NULL UNIQUE,
    cluster           VARCHAR(63)  NOT NULL,
    phase             VARCHAR(32)  NOT NULL,
    storage_location  VARCHAR(63),
    schedule_name     VARCHAR(253),
    request           TEXT         NOT NULL,
    request_event_id  VARCHAR(255) NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    started_at        TIMESTAMPTZ,
    completed_at      TIMESTAMPTZ,
    failure_reason    TEXT
);
CREATE INDEX backup_cluster_phase ON backup (cluster, phase);
