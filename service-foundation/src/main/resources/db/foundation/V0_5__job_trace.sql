-- The W3C trace context of the request that recorded a job, so its work continues that request's trace.
ALTER TABLE job ADD COLUMN traceparent TEXT;
