-- upgrade-service: one row per DrainRequested, with each node's result once it ran.
CREATE TABLE drain (
    id            BIGSERIAL PRIMARY KEY,
    name          VARCHAR(253) NOT NULL UNIQUE,
    cluster       VARCHAR(63)  NOT NULL,
    request       TEXT         NOT NULL,
    outcome       VARCHAR(16),
    reason        TEXT,
    nodes         TEXT,
    created_at    TIMESTAMPTZ  NOT NULL,
    completed_at  TIMESTAMPTZ
);
CREATE INDEX drain_cluster ON drain (cluster, created_at DESC);
