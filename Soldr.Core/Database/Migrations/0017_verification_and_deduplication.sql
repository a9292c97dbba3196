-- What ingest checked: how a request was verified (null: its webhook checks nothing), and whether it
-- passed. A request that failed under OnFailure=flag waits as 'unverified', with no deliveries, until an
-- operator releases it (back to 'received', and routed like any other).
-- A repeat of an event already received is kept as 'duplicate' with the first one's id and never delivered.
ALTER TABLE requests DROP CONSTRAINT requests_state_check;
ALTER TABLE requests ADD CONSTRAINT requests_state_check
    CHECK (state IN ('received', 'routed', 'unroutable', 'unverified', 'duplicate'));
ALTER TABLE requests
    ADD COLUMN verification text,
    ADD COLUMN verified boolean,
    ADD COLUMN verification_detail text,
    ADD COLUMN dedup_key text,
    ADD COLUMN duplicate_of uuid;

-- The unverified ones an operator has to look at, and the duplicates the UI counts.
CREATE INDEX requests_unverified ON requests (received_at) WHERE state = 'unverified';
CREATE INDEX requests_duplicates ON requests (webhook_name, received_at) WHERE state = 'duplicate';

-- The first request of each event key, per webhook, until the key expires. The key is hashed: a header
-- or body value may be long, and the index only needs equality. A repeat finds its first here, also when
-- it arrives through another ingest replica or from a spool drained later.
CREATE TABLE request_keys (
    webhook_name  text NOT NULL,
    key_hash      bytea NOT NULL,
    request_id    uuid NOT NULL,
    received_at   timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (webhook_name, key_hash)
);

-- What the purge removes, oldest first.
CREATE INDEX request_keys_expires_at ON request_keys (expires_at);
