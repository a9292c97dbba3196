-- Disabled means held, never discarded: a delivery whose destination or webhook is disabled waits as
-- 'held' and becomes pending again, in its old order, when both are enabled. An operator can cancel a
-- pending or held delivery ('cancelled', a finished state).
ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check
    CHECK (state IN ('pending', 'held', 'succeeded', 'failed', 'cancelled'));

-- What enabling a destination releases, oldest first, and the held counts the UI shows.
CREATE INDEX deliveries_held ON deliveries (destination_id, next_attempt_at) WHERE state = 'held';

-- Deliveries already pending for a disabled destination or webhook are held from now on.
UPDATE deliveries d SET state = 'held'
FROM destinations t JOIN webhooks w ON w.id = t.webhook_id
WHERE d.destination_id = t.id AND d.state = 'pending' AND NOT (t.enabled AND w.enabled);

-- Whether the last attempt went to a URL an edit chose rather than the destination's own: such an
-- attempt says nothing about the destination's health.
ALTER TABLE deliveries ADD COLUMN last_redirected boolean NOT NULL DEFAULT false;

-- What a change made: the object before and after it (credentials left out), beside who made it.
ALTER TABLE audit_log ADD COLUMN before jsonb, ADD COLUMN after jsonb;
