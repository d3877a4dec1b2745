-- Automatic failover by quorum: what each dr-service replica's own probes see of each armed cluster, so that one
-- replica cut off from a healthy cluster cannot fail it over alone.
CREATE TABLE failover_observation (
    cluster      VARCHAR(63)  NOT NULL,
    observer     VARCHAR(253) NOT NULL,
    failures     INT          NOT NULL,
    last_error   TEXT,
    observed_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (cluster, observer)
);

-- Fences of old primaries after a successful failover (opt-in per cluster): the workloads scaled to 0 and their
-- replicas before, so that a failback can scale them back.
CREATE TABLE failover_fence (
    failover_name  VARCHAR(253) PRIMARY KEY,
    cluster        VARCHAR(63)  NOT NULL,
    phase          VARCHAR(16)  NOT NULL,
    reason         TEXT,
    workloads      TEXT         NOT NULL,
    fenced         TEXT,
    deadline_at    TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX failover_fence_pending ON failover_fence (updated_at) WHERE phase = 'Pending';
