-- What a finished backup holds and where: enough to answer "describe", to check a manifest before a restore, and to
-- find expired backups for garbage collection.
ALTER TABLE backup
    ADD COLUMN uri             TEXT,
    ADD COLUMN manifest_sha256 VARCHAR(64),
    ADD COLUMN size_bytes      BIGINT,
    ADD COLUMN total_items     BIGINT,
    ADD COLUMN item_counts     TEXT,
    ADD COLUMN warnings        INTEGER,
    ADD COLUMN errors          INTEGER,
    ADD COLUMN data_timestamp  TIMESTAMPTZ,
    ADD COLUMN expires_at      TIMESTAMPTZ,
    ADD COLUMN etcd_revision   BIGINT,
    ADD COLUMN etcd_keys       BIGINT;
CREATE INDEX backup_expires_at ON backup (expires_at) WHERE expires_at IS NOT NULL;
