-- A worker whose line for a destination is full claims for the other destinations only. In time order
-- (deliveries_due) a busy destination's backlog would be read past, row by row, to reach anyone else's;
-- this index finds each destination's earliest due deliveries directly. It holds the deliveries not yet
-- completed, which are the pending ones: a claim is a heap-only update that adds no entry to it.
-- Its predicate is not deliveries_due's on purpose: a query that asks for "completed_at IS NULL" can only
-- be served by this index, so the planner cannot pick the time-ordered scan for it instead.
CREATE INDEX deliveries_pending_by_destination ON deliveries (destination_id, next_attempt_at) WHERE completed_at IS NULL;
