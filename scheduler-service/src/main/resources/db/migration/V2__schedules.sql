-- Schedules and where each is: next_fire_at moves forward with a conditional update in the same transaction as the
-- fired request's outbox row, so any number of replicas fire each slot exactly once.
CREATE TABLE schedule (
    id               BIGSERIAL PRIMARY KEY,
    name             VARCHAR(253) NOT NULL UNIQUE,
    kind             VARCHAR(32)  NOT NULL,
    cron             VARCHAR(255) NOT NULL,
    time_zone        VARCHAR(64)  NOT NULL DEFAULT 'UTC',
    paused           BOOLEAN      NOT NULL DEFAULT FALSE,
    template         TEXT         NOT NULL,
    next_fire_at     TIMESTAMPTZ  NOT NULL,
    last_fired_at    TIMESTAMPTZ,
    last_fired_name  VARCHAR(253),
    created_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX schedule_due ON schedule (next_fire_at) WHERE NOT paused;
