-- An outbox row the broker can never take (too large, unserializable) is parked with the reason instead of being
-- retried forever; it holds its key's later rows (per-key order) until an operator retries or discards it.
-- A row whose send failed for a passing reason waits next_attempt_at (exponential backoff) before the next try.
ALTER TABLE outbox_event ADD COLUMN parked_at TIMESTAMPTZ;
ALTER TABLE outbox_event ADD COLUMN next_attempt_at TIMESTAMPTZ;
CREATE INDEX outbox_event_unsent_key ON outbox_event (record_key, seq) WHERE sent_at IS NULL;
