-- upgrade-service: one row per RolloutRequested. The previous template (and partition) is recorded before the first
-- change, so a rollout resumed by another worker still rolls back to what ran before it.
CREATE TABLE rollout (
    id                  BIGSERIAL PRIMARY KEY,
    name                VARCHAR(253) NOT NULL UNIQUE,
    cluster             VARCHAR(63)  NOT NULL,
    namespace           VARCHAR(63)  NOT NULL,
    kind                VARCHAR(32)  NOT NULL,
    workload            VARCHAR(253) NOT NULL,
    strategy            VARCHAR(16)  NOT NULL,
    request             TEXT         NOT NULL,
    previous_template   TEXT,
    previous_partition  INTEGER,
    outcome             VARCHAR(16),
    reason              TEXT,
    steps               TEXT,
    created_at          TIMESTAMPTZ  NOT NULL,
    started_at          TIMESTAMPTZ,
    completed_at        TIMESTAMPTZ
);
CREATE INDEX rollout_cluster ON rollout (cluster, created_at DESC);
