-- Recording an attempt inserts the attempt and rewrites its delivery (its state and last-attempt
-- columns are indexed, so that is never heap-only): every index on either table is written to once per
-- attempt. Two of them were not needed.

-- An attempt is identified by its delivery and number; the surrogate id was never read, and its index
-- and sequence were written on every attempt. Logical replication keeps a key to identify rows by.
ALTER TABLE attempts DROP COLUMN id;
ALTER TABLE attempts REPLICA IDENTITY USING INDEX attempts_delivery_id_number_key;

-- One index by destination serves what two did: a destination's last attempt (its health), the pending
-- check before a destination is removed, and the cascade when one is deleted. Deliveries not yet
-- attempted sort first within their destination and are skipped by "last_attempt_at IS NOT NULL".
DROP INDEX deliveries_destination;
DROP INDEX deliveries_destination_last_attempt;
CREATE INDEX deliveries_destination ON deliveries (destination_id, last_attempt_at DESC);
