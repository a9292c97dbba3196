-- Deleting a delivery (the purge, or a destination's removal, through ON DELETE CASCADE) makes
-- PostgreSQL delete the revisions that redirect it: without an index on delivery_id each deleted
-- delivery read the whole request_revisions table. Most revisions redirect no single delivery.
CREATE INDEX request_revisions_by_delivery ON request_revisions (delivery_id) WHERE delivery_id IS NOT NULL;
