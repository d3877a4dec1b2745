-- Who asked for each drill and failover (the request's ce_source) and when they sent it (ce_time): shown on the
-- record, and what the request policy judges (commands expire; protected clusters accept drills and failovers only
-- from listed sources).
ALTER TABLE drill ADD COLUMN requested_by VARCHAR(255), ADD COLUMN requested_at TIMESTAMPTZ;
