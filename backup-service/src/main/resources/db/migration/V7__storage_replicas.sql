-- Which backup-service replicas write to which filesystem location, each leaving a marker file there: a replica that
-- does not see another's marker is not sharing the location with it (a pod's own disk), and refuses to back up to it.
CREATE TABLE storage_replica (
    location VARCHAR(63) NOT NULL,
    replica VARCHAR(200) NOT NULL,
    seen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (location, replica)
);
