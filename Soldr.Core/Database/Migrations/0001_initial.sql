-- The relay's core tables. Requests are raw and immutable; deliveries carry the queue state of one
-- request to one destination; attempts record every try.

CREATE TABLE webhooks (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The host label: <name>.wh.<base-domain>. Lower-case DNS label rules.
    name        text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    enabled     boolean NOT NULL DEFAULT true,
    -- Retry policy, max attempts, timeout, response status, retention, verification, rate limits.
    settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE destinations (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id      bigint NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    url             text NOT NULL,
    enabled         boolean NOT NULL DEFAULT true,
    filter          text,
    headers         jsonb NOT NULL DEFAULT '{}'::jsonb,
    signing_secret  text,
    settings        jsonb NOT NULL DEFAULT '{}'::jsonb,
    circuit_state   text NOT NULL DEFAULT 'closed' CHECK (circuit_state IN ('closed', 'open', 'half_open')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (webhook_id, url)
);

CREATE TABLE requests (
    -- UUIDv7 assigned at ingest: unique without a round trip, and time-ordered for the index.
    id              uuid PRIMARY KEY,
    -- As addressed by the sender; resolved to a webhook when routed, so unknown names are kept too.
    webhook_name    text NOT NULL,
    received_at     timestamptz NOT NULL,
    method          text NOT NULL,
    path            text NOT NULL,
    query           text NOT NULL DEFAULT '',
    -- [[name, value], ...] in arrival order, duplicates kept.
    headers         jsonb NOT NULL,
    body            bytea NOT NULL,
    source_address  text,
    trace_parent    text,
    trace_state     text,
    state           text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'routed', 'unroutable')),
    webhook_id      bigint REFERENCES webhooks (id) ON DELETE SET NULL,
    routed_at       timestamptz
);

CREATE INDEX requests_received_at ON requests (received_at);
CREATE INDEX requests_awaiting_routing ON requests (received_at) WHERE state = 'received';
CREATE INDEX requests_by_webhook ON requests (webhook_name, received_at DESC);

CREATE TABLE deliveries (
    id               uuid PRIMARY KEY,
    request_id       uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    destination_id   bigint NOT NULL REFERENCES destinations (id) ON DELETE CASCADE,
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'succeeded', 'failed')),
    attempt_count    integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    -- A claim is a lease: whoever holds the token may finish the delivery until locked_until.
    locked_until     timestamptz,
    lease            uuid,
    created_at       timestamptz NOT NULL,
    completed_at     timestamptz,
    UNIQUE (request_id, destination_id)
);

-- Matches the claim's ORDER BY; only pending rows are ever claimed.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_destination ON deliveries (destination_id, created_at DESC);

CREATE TABLE attempts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id       uuid NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    number            integer NOT NULL,
    started_at        timestamptz NOT NULL,
    duration_ms       double precision NOT NULL,
    status_code       integer,
    response_headers  jsonb,
    -- Truncated at the configured limit.
    response_body     bytea,
    -- timeout, dns, connect, tls, http (a non-2xx status), other.
    error_kind        text,
    error_message     text,
    UNIQUE (delivery_id, number)
);
