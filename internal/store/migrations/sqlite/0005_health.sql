-- +goose Up
-- /readyz proves that the database still takes writes (a full disk, a
-- read-only standby) by writing each node's row here now and then.
CREATE TABLE health_probe (
    node TEXT PRIMARY KEY,
    at   TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE health_probe;
