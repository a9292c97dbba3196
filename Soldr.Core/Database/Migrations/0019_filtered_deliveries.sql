-- A delivery whose request does not match its destination's filter is 'filtered': finished, never sent,
-- with the reason an operator reads to see why nothing arrived.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check
    CHECK (state IN ('pending', 'held', 'succeeded', 'failed', 'cancelled', 'filtered'));
ALTER TABLE deliveries ADD COLUMN filtered_reason text;
