-- Schedules of every kind (backup, drill, upgrade-check), their catch-up policy and RPO objective; the cluster their
-- requests are for, kept out of the template so the RPO watch and the REST filters can join on it.
ALTER TABLE schedule ADD COLUMN cluster VARCHAR(63);
UPDATE schedule SET cluster = (template::jsonb ->> 'cluster');
ALTER TABLE schedule ADD COLUMN catch_up BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE schedule ADD COLUMN rpo_objective VARCHAR(32);
ALTER TABLE schedule ADD COLUMN rpo_seconds BIGINT;
ALTER TABLE schedule ADD COLUMN updated_at TIMESTAMPTZ;
CREATE INDEX schedule_cluster ON schedule (cluster);

-- One row per watched recovery point objective: a backup schedule's ('' = a cluster-wide objective from config).
-- overdue_since is set while the objective is breached, so each breach is announced once and cleared once.
CREATE TABLE rpo_watch (
    cluster         VARCHAR(63)  NOT NULL,
    schedule_name   VARCHAR(253) NOT NULL,
    rpo_objective   VARCHAR(32)  NOT NULL,
    rpo_seconds     BIGINT       NOT NULL,
    watching_since  TIMESTAMPTZ  NOT NULL,
    overdue_since   TIMESTAMPTZ,
    detected_at     TIMESTAMPTZ,
    PRIMARY KEY (cluster, schedule_name)
);
