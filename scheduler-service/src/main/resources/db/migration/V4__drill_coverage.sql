-- Proof of recovery per backup schedule: a schedule may declare a drill (its period and the DrillRequested fields);
-- drill_coverage keeps, per cluster and schedule, the last drill of one of its backups, the last one that passed, and
-- the drill this service last asked for.
ALTER TABLE schedule ADD COLUMN drill TEXT;
ALTER TABLE schedule ADD COLUMN drill_period_seconds BIGINT;

CREATE TABLE drill_coverage (
    cluster             VARCHAR(63)  NOT NULL,
    schedule_name       VARCHAR(253) NOT NULL,
    last_drill_name     VARCHAR(253),
    last_drill_backup   VARCHAR(253),
    last_drill_passed   BOOLEAN,
    last_drill_at       TIMESTAMPTZ,
    last_proven_backup  VARCHAR(253),
    last_proven_at      TIMESTAMPTZ,
    requested_drill     VARCHAR(253),
    requested_at        TIMESTAMPTZ,
    PRIMARY KEY (cluster, schedule_name)
);
