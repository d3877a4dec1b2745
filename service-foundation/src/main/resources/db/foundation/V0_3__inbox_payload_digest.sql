-- The digest of each processed event's data: the same ce_id arriving again with a different payload is not a
-- redelivery but a different event reusing an id, and goes to the dead-letter topic with the reason.
-- Rows from before this column have no digest; their ids are treated as plain redeliveries.
ALTER TABLE inbox_event ADD COLUMN payload_sha256 VARCHAR(64);
