-- service-foundation's tests: the one entity of the test service (Hibernate Reactive needs a persistence unit).
CREATE TABLE test_note (
    id    BIGSERIAL PRIMARY KEY,
    text  TEXT NOT NULL
);
