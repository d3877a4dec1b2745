-- Tables every day2ops service has in its own database (service-foundation).
-- Versions V0_x belong to service-foundation, V1 and up to the service itself.

-- Outbox: events written in the same transaction as the state change they announce.
-- The relay publishes rows in seq order (so per cluster key in order) and stamps sent_at.
CREATE TABLE outbox_event (
    seq          BIGSERIAL PRIMARY KEY,
    event_id     VARCHAR(64)  NOT NULL UNIQUE,
    topic        VARCHAR(255) NOT NULL,
    record_key   VARCHAR(255) NOT NULL,
    ce_type      VARCHAR(255) NOT NULL,
    headers      TEXT         NOT NULL,
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    sent_at      TIMESTAMPTZ,
    attempts     INTEGER      NOT NULL DEFAULT 0,
    last_error   TEXT
);
CREATE INDEX outbox_event_unsent ON outbox_event (seq) WHERE sent_at IS NULL;

-- Inbox: every CloudEvent id a consumer has processed, written in the same transaction as the work.
CREATE TABLE inbox_event (
    consumer     VARCHAR(128) NOT NULL,
    event_id     VARCHAR(255) NOT NULL,
    topic        VARCHAR(255) NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

-- Jobs: long work recorded by a consumer and claimed by workers (FOR UPDATE SKIP LOCKED).
-- A job InProgress whose heartbeat is older than the lease is claimed again.
CREATE TABLE job (
    id            BIGSERIAL PRIMARY KEY,
    kind          VARCHAR(64)  NOT NULL,
    name          VARCHAR(253) NOT NULL,
    phase         VARCHAR(32)  NOT NULL,
    payload       TEXT         NOT NULL,
    attempts      INTEGER      NOT NULL DEFAULT 0,
    owner         VARCHAR(255),
    heartbeat_at  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ  NOT NULL,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    message       TEXT,
    CONSTRAINT job_kind_name UNIQUE (kind, name)
);
CREATE INDEX job_claimable ON job (kind, id) WHERE phase IN ('New', 'InProgress');
