-- Flow control: each destination's circuit breaker, its failure counts, sequential delivery, and alerts
-- of two kinds (deliveries given up; a circuit open).

-- 'half_open' was never used: a probe is one held delivery tried while the circuit stays open.
ALTER TABLE destinations DROP CONSTRAINT destinations_circuit_state_check;
ALTER TABLE destinations ADD CONSTRAINT destinations_circuit_state_check CHECK (circuit_state IN ('closed', 'open'));

ALTER TABLE destinations
    -- Failed attempts since the last success; a success resets it. Only written when it changes, so a
    -- healthy destination's row is not locked by every batch of attempts.
    ADD COLUMN consecutive_failures   integer NOT NULL DEFAULT 0,
    -- The failure-ratio window, counted only for destinations that set a ratio.
    ADD COLUMN window_started_at      timestamptz,
    ADD COLUMN window_attempts        integer NOT NULL DEFAULT 0,
    ADD COLUMN window_failures        integer NOT NULL DEFAULT 0,
    ADD COLUMN circuit_opened_at      timestamptz,
    -- 'failures', or the operator who opened it.
    ADD COLUMN circuit_opened_by      text,
    ADD COLUMN circuit_reason         text,
    ADD COLUMN circuit_probes         integer NOT NULL DEFAULT 0,
    ADD COLUMN circuit_next_probe_at  timestamptz,
    -- Set when staying open disabled the destination; enabling it again closes the circuit.
    ADD COLUMN circuit_disabled_at    timestamptz,
    ADD COLUMN sequential             boolean NOT NULL GENERATED ALWAYS AS (COALESCE(settings ->> 'ordering' = 'sequential', false)) STORED,
    -- A sequential destination's delivery in progress (retries keep it at the head of the line).
    ADD COLUMN sequence_head          uuid;

-- The claim's list of sequential destinations.
CREATE INDEX destinations_sequential ON destinations (id) WHERE sequential;

ALTER TABLE alerts
    ADD COLUMN kind                  text NOT NULL DEFAULT 'failures' CHECK (kind IN ('failures', 'circuit')),
    -- A circuit alert's second notice: the destination was disabled after staying open.
    ADD COLUMN disabled_at           timestamptz,
    ADD COLUMN disabled_notified_at  timestamptz;

DROP INDEX alerts_one_open_per_destination;
CREATE UNIQUE INDEX alerts_one_open_per_destination ON alerts (destination_id, kind) WHERE state = 'open';
DROP INDEX alerts_unsent;
CREATE INDEX alerts_unsent ON alerts (opened_at)
    WHERE opened_notified_at IS NULL OR (state = 'resolved' AND resolved_notified_at IS NULL) OR (state = 'open' AND reminder_due)
       OR (disabled_at IS NOT NULL AND disabled_notified_at IS NULL);
