-- dr-service: a failover runs as a drill that keeps what it restored; kind tells them apart.
ALTER TABLE drill ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'drill';
CREATE INDEX drill_failovers ON drill (cluster, created_at DESC) WHERE kind = 'failover';

-- Automatic failovers decided, per cluster: replicas decide under an advisory lock and see each other's decisions here
-- at once (a decision's FailoverRequested is still on its way through Kafka when the next probe fails).
CREATE TABLE auto_failover (
    cluster        VARCHAR(63)  PRIMARY KEY,
    failover_name  VARCHAR(253) NOT NULL,
    triggered_at   TIMESTAMPTZ  NOT NULL
);
