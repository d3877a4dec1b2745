-- A running job's progress and the last 64 KiB of its log as its worker last reported it (every day2.jobs.progress-interval), and a request to
-- cancel it: the worker reads the request with its next report and stops at its next safe point.
ALTER TABLE job
    ADD COLUMN stage               TEXT,
    ADD COLUMN items_done          BIGINT,
    ADD COLUMN items_total         BIGINT,
    ADD COLUMN items_per_second    DOUBLE PRECISION,
    ADD COLUMN progress_at         TIMESTAMPTZ,
    ADD COLUMN log_tail            TEXT,
    ADD COLUMN cancel_requested_at TIMESTAMPTZ,
    ADD COLUMN cancel_requested_by TEXT;
