-- The console's read model: every answer event it has taken in, once (by CloudEvent id). The fleet page is projected
-- from these at start and kept in memory; the cluster and detail pages read them by cluster or by name.
CREATE TABLE console_answer (
    id       text PRIMARY KEY,
    type     text NOT NULL,
    kind     text NOT NULL,
    name     text NOT NULL,
    cluster  text NOT NULL,
    outcome  text NOT NULL,
    at       timestamptz NOT NULL,
    summary  text,
    json     text NOT NULL
);
CREATE INDEX console_answer_cluster ON console_answer (cluster, kind, at DESC);
CREATE INDEX console_answer_name ON console_answer (kind, name, at DESC);

-- Which generation of the read model this database holds (day2.console.generation): a new one empties it and the
-- consumers, in a group of that generation, replay the topics from their beginning.
CREATE TABLE console_state (
    id         int PRIMARY KEY CHECK (id = 1),
    generation int NOT NULL
);
