-- Who asked for each gate, rollout and drain (the request's ce_source) and when they sent it (ce_time): shown on the
-- record, and what the request policy judges (commands expire; protected clusters accept rollouts and drains only
-- from listed sources).
ALTER TABLE upgrade_request ADD COLUMN requested_by VARCHAR(255), ADD COLUMN requested_at TIMESTAMPTZ;
ALTER TABLE rollout ADD COLUMN requested_by VARCHAR(255), ADD COLUMN requested_at TIMESTAMPTZ;
ALTER TABLE drain ADD COLUMN requested_by VARCHAR(255), ADD COLUMN requested_at TIMESTAMPTZ;
