-- The event type each request carried, read where its webhook says (a header or a JSON path), to show,
-- filter on and, later, route by. A bulk re-send may be limited to one type, like the list.
ALTER TABLE requests ADD COLUMN event_type text;
ALTER TABLE resends ADD COLUMN event_type text;
