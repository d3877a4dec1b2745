-- Wakes the outbox relays (of every replica) when events are committed: a NOTIFY is delivered only when the
-- transaction that wrote the rows commits, so a relay never looks before the rows are visible. One notification
-- per statement, and PostgreSQL folds identical ones within a transaction.
CREATE FUNCTION day2_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('day2_outbox', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION day2_outbox_notify();
