-- Restores this service was asked for, and what each did per object.
CREATE TABLE restore (
    id                BIGSERIAL PRIMARY KEY,
    name              VARCHAR(253) NOT NULL UNIQUE,
    cluster           VARCHAR(63)  NOT NULL,
    backup_name       VARCHAR(253) NOT NULL,
    phase             VARCHAR(32)  NOT NULL,
    drill_name        VARCHAR(253),
    dry_run           BOOLEAN      NOT NULL DEFAULT FALSE,
    request           TEXT         NOT NULL,
    request_event_id  VARCHAR(255) NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    started_at        TIMESTAMPTZ,
    completed_at      TIMESTAMPTZ,
    items_restored    BIGINT,
    items_skipped     BIGINT,
    conflicts         BIGINT,
    warnings          INTEGER,
    errors            INTEGER,
    failure_reason    TEXT,
    -- every object's outcome, as a JSON array of {resource, namespace, name, action, message}
    results           TEXT
);
CREATE INDEX restore_cluster ON restore (cluster, created_at);
CREATE INDEX restore_backup ON restore (backup_name);
