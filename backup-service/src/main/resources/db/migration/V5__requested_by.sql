-- Who asked for each backup and restore (the request's ce_source) and when they sent it (ce_time): shown on the
-- record, and what the request policy judges (commands expire; protected clusters allow some actions only from
-- listed sources).
ALTER TABLE backup ADD COLUMN requested_by VARCHAR(255), ADD COLUMN requested_at TIMESTAMPTZ;
ALTER TABLE restore ADD COLUMN requested_by VARCHAR(255), ADD COLUMN requested_at TIMESTAMPTZ;
