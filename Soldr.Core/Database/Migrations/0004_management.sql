-- The management API: edits of requests (revisions), an audit log, and indexes for its lists.

-- An edit never changes a request: it adds a revision, and delivery sends the latest one. The
-- destination URL of a revision redirects one delivery (delivery_id) or all of the request's (null).
CREATE TABLE request_revisions (
    request_id       uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    number           integer NOT NULL CHECK (number >= 1),
    created_at       timestamptz NOT NULL,
    method           text NOT NULL,
    headers          jsonb NOT NULL,
    body             bytea NOT NULL,
    destination_url  text,
    delivery_id      uuid REFERENCES deliveries (id) ON DELETE CASCADE,
    PRIMARY KEY (request_id, number)
);

-- Every change made through the management API, newest first.
CREATE TABLE audit_log (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       timestamptz NOT NULL,
    action   text NOT NULL,
    subject  text NOT NULL,
    detail   text,
    actor    text
);

-- Which revision an attempt sent: 0 is the original request.
ALTER TABLE attempts ADD COLUMN revision integer NOT NULL DEFAULT 0;

-- Attempts used before the last manual re-send: the retry budget counts from there, so a delivery
-- that had used all its attempts gets a full budget again while attempt numbers keep growing.
ALTER TABLE deliveries ADD COLUMN attempt_base integer NOT NULL DEFAULT 0;

-- The requests list: newest first with a (received_at, id) cursor, optionally by webhook.
CREATE INDEX requests_newest ON requests (received_at DESC, id DESC);
DROP INDEX requests_by_webhook;
CREATE INDEX requests_by_webhook ON requests (webhook_name, received_at DESC, id DESC);
-- Filters by outcome, destination and last status read a request's deliveries through the
-- (request_id, destination_id) unique index.
-- A destination's health: the last attempt of any of its deliveries.
CREATE INDEX deliveries_destination_last_attempt ON deliveries (destination_id, last_attempt_at DESC) WHERE last_attempt_at IS NOT NULL;
