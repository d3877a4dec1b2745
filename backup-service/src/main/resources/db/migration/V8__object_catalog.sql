-- The fleet catalogue: what every backup holds, per object, indexed when it is captured (GET /catalog/objects,
-- GET /backups/{a}/diff/{b}). Deleted with its backup's catalog entry (expiry, garbage collection, delete).
CREATE TABLE backup_object (
    backup_id        BIGINT       NOT NULL REFERENCES backup (id) ON DELETE CASCADE,
    resource         VARCHAR(253) NOT NULL,
    kind             VARCHAR(253) NOT NULL,
    namespace        VARCHAR(253) NOT NULL DEFAULT '',
    name             VARCHAR(253) NOT NULL,
    resource_version VARCHAR(64),
    -- sha256 of the object without its server-set fields; null for sealed objects (Secrets), whose contents are
    -- never hashed: their change shows in resource_version
    content_sha256   BYTEA,
    PRIMARY KEY (backup_id, resource, namespace, name)
);
-- "which backups hold this object": by name first (the one thing a find always gives)
CREATE INDEX backup_object_by_name ON backup_object (name, namespace, resource);
