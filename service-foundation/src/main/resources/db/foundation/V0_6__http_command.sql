-- Commands people and tools posted over HTTP (POST /backups, /restores, /drills, ...): each became a request event in
-- the outbox. The name is taken from the moment the command is accepted, before the service's own consumer has made
-- the record, so the same name posted twice in that window is a 409, not a second request.
CREATE TABLE http_command (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    event_id TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, name)
);
CREATE INDEX http_command_created_at ON http_command (created_at);
