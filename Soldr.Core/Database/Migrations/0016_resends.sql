-- Bulk re-sends an operator started, now or for a time: what they match, who asked, and how far they got.
-- A Hangfire job does the work a page of requests at a time; each page's changes and the progress below
-- commit together, so a job run again (after a restart, or retried by hand) carries on where it stopped
-- and never sends a delivery of the same re-send twice.
CREATE TABLE resends (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deliveries      text NOT NULL CHECK (deliveries IN ('failed', 'all')),
    -- The request filter, as the requests list takes it.
    webhook         text,
    outcome         text,
    destination_id  bigint,
    received_from   timestamptz,
    received_to     timestamptz,
    status          integer,
    description     text NOT NULL,
    requested_by    text NOT NULL,
    requested_at    timestamptz NOT NULL,
    -- When it is to run; null: as soon as a worker takes it.
    run_at          timestamptz,
    job_id          text,
    state           text NOT NULL CHECK (state IN ('scheduled', 'queued', 'running', 'succeeded', 'failed', 'cancelled')),
    started_at      timestamptz,
    -- Requests received after the re-send first started are not part of it.
    cutoff          timestamptz,
    finished_at     timestamptz,
    total           bigint,
    processed       bigint NOT NULL DEFAULT 0,
    queued          bigint NOT NULL DEFAULT 0,
    held            bigint NOT NULL DEFAULT 0,
    rerouted        bigint NOT NULL DEFAULT 0,
    -- The last request done, newest first: the next page starts after it.
    cursor_at       timestamptz,
    cursor_id       uuid,
    error           text
);
