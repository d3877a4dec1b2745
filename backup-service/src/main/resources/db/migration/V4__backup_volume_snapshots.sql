-- The CSI snapshots a backup keeps (their VolumeSnapshotContents and deletion policies): deleting or expiring the
-- backup deletes them, even when its storage location can no longer be read.
ALTER TABLE backup ADD COLUMN volume_snapshots TEXT;
