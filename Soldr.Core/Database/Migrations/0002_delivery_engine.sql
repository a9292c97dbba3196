-- Retries, alerts and live workers.

-- What the last attempt said, so a queue listing or a filter does not read every attempt.
ALTER TABLE deliveries
    ADD COLUMN last_attempt_at   timestamptz,
    ADD COLUMN last_status_code  integer,
    ADD COLUMN last_error_kind   text;

CREATE INDEX deliveries_completed ON deliveries (completed_at) WHERE state <> 'pending';

-- One open alert per destination at most: the partial unique index is what keeps 10,000 failures from
-- raising 10,000 alerts. Notices are sent after the row commits; *_notified_at says they went out, and
-- notice_claimed_until keeps two workers from sending the same notice (a claim, not a held row lock,
-- so recording further failures never waits on a notice being sent).
CREATE TABLE alerts (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    destination_id        bigint NOT NULL REFERENCES destinations (id) ON DELETE CASCADE,
    state                 text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
    opened_at             timestamptz NOT NULL,
    -- The delivery whose exhausted attempts opened it, and what its last attempt said.
    delivery_id           uuid,
    reason                text NOT NULL,
    failed_deliveries     integer NOT NULL DEFAULT 1,
    opened_notified_at    timestamptz,
    resolved_at           timestamptz,
    resolved_notified_at  timestamptz,
    notice_claimed_until  timestamptz
);

CREATE UNIQUE INDEX alerts_one_open_per_destination ON alerts (destination_id) WHERE state = 'open';
CREATE INDEX alerts_unsent ON alerts (opened_at)
    WHERE opened_notified_at IS NULL OR (state = 'resolved' AND resolved_notified_at IS NULL);

-- One row per running worker process, refreshed by its heartbeat.
CREATE TABLE workers (
    id            uuid PRIMARY KEY,
    host          text NOT NULL,
    pid           integer NOT NULL,
    started_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    in_flight     integer NOT NULL DEFAULT 0
);
