-- The master key each backup's data key is wrapped with (keys.json), or that sealed its Secrets before envelopes:
-- which backups still need a key before it may leave the keyring. NULL: not encrypted.
ALTER TABLE backup ADD COLUMN data_key_id VARCHAR(64);
CREATE INDEX backup_data_key ON backup (data_key_id) WHERE data_key_id IS NOT NULL;
