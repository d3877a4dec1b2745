-- dr-service: backup-service verifies every etcd snapshot right after taking it (SnapshotTaken.etcd.verified); a drill
-- reports that outcome instead of fetching and restoring the snapshot itself.
ALTER TABLE known_backup ADD COLUMN etcd_verified BOOLEAN;
ALTER TABLE known_backup ADD COLUMN etcd_verification TEXT;
