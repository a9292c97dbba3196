-- How the provider reached ingest (http or https), so the X-Forwarded-Proto Soldr sets on each delivery
-- says what happened rather than what the sender claimed. Null for requests saved before.
ALTER TABLE requests ADD COLUMN scheme text;

-- Where each attempt was sent, without user-info: an edit can redirect a delivery, and an operator
-- must see which URL answered. Null for attempts recorded before.
ALTER TABLE attempts ADD COLUMN url text;
