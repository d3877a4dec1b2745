-- The upgrade loop of a request that is not gate-only: Gating -> BackingUp -> Draining -> Ready -> Verified, or
-- Stopped (NO-GO: nothing done) / Failed (the backup or a drain failed or timed out; the reason says which).
ALTER TABLE upgrade_request ADD COLUMN phase VARCHAR(16);
ALTER TABLE upgrade_request ADD COLUMN phase_reason TEXT;
ALTER TABLE upgrade_request ADD COLUMN phase_since TIMESTAMPTZ;
ALTER TABLE upgrade_request ADD COLUMN backup_name VARCHAR(253);
-- JSON arrays: the nodes the request asked to drain, and those it drained (left cordoned until verified)
ALTER TABLE upgrade_request ADD COLUMN drain_nodes TEXT;
ALTER TABLE upgrade_request ADD COLUMN drained_nodes TEXT;
ALTER TABLE upgrade_request ADD COLUMN verified BOOLEAN;
ALTER TABLE upgrade_request ADD COLUMN verify_checks TEXT;
ALTER TABLE upgrade_request ADD COLUMN verified_at TIMESTAMPTZ;
CREATE INDEX upgrade_request_backup ON upgrade_request (backup_name) WHERE backup_name IS NOT NULL;
CREATE INDEX upgrade_request_waiting ON upgrade_request (phase, phase_since) WHERE phase IN ('BackingUp', 'Draining');
