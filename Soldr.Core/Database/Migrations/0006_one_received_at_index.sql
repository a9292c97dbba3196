-- requests_newest (received_at DESC, id DESC) serves every range and order on received_at that
-- requests_received_at did, so ingest keeps one index fewer up to date with every request it saves.
DROP INDEX requests_received_at;
