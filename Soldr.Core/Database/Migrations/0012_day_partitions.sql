-- Requests, their deliveries, attempts and revisions are kept in one partition per UTC day of the
-- request's arrival, so the purge drops a whole expired day in one short transaction instead of
-- deleting it row by row (each deleted row, and every page it touches first after a checkpoint, is
-- written to the log, which ingest's commits then wait to flush).
--
-- Every table is partitioned by the id it already has, which starts with the request's arrival time:
-- a request id is a version 7 UUID taken when it arrives; a delivery id is made from its request id
-- and its destination (delivery_id below), so it starts with the same time; an attempt is keyed by its
-- delivery id; a revision by its request id. So a request and everything that hangs off it always fall
-- into the same day, and the foreign keys between them are declared per day, between partitions:
-- dropping a day's partitions then checks nothing outside that day.
--
-- Ids outside every day's range (a request whose day has no partition, an id from before version 7)
-- go to each table's default partition, which is purged row by row. Days are created ahead by the
-- purge job and at start-up (ensure_day_partitions).

-- The smallest version 7 id of the millisecond "at": the bound of a day's range.
CREATE FUNCTION uuid_v7_floor(at timestamptz) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3)
                  || '\x00000000000000000000'::bytea, 'hex')::uuid
$$;

-- A delivery's id: its request id's first 48 bits (the arrival time, so the delivery falls into its
-- request's day), then 74 bits of a hash of the request and destination, with RFC 9562's version 7 and
-- variant bits. The same pair always gets the same id, so the primary key also keeps a request from
-- getting two deliveries to one destination (a partitioned table's unique index must include its key).
CREATE FUNCTION delivery_id(request_id uuid, destination_id bigint) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(
        -- Version 0111 in the high nibble of byte 6 (bits 55..52), variant 10 in byte 8 (bits 71..70).
        set_bit(set_bit(set_bit(set_bit(set_bit(set_bit(
            overlay(decode(md5(request_id::text || '/' || destination_id::text), 'hex')
                    PLACING substring(uuid_send(request_id) FROM 1 FOR 6) FROM 1 FOR 6),
            55, 0), 54, 1), 53, 1), 52, 1), 71, 1), 70, 0),
        'hex')::uuid
$$;

-- The tables as they were move aside; their rows are copied into the partitioned ones below.
CREATE SCHEMA soldr_unpartitioned;
ALTER TABLE request_revisions SET SCHEMA soldr_unpartitioned;
ALTER TABLE attempts SET SCHEMA soldr_unpartitioned;
ALTER TABLE deliveries SET SCHEMA soldr_unpartitioned;
ALTER TABLE requests SET SCHEMA soldr_unpartitioned;

CREATE TABLE requests (
    id              uuid PRIMARY KEY,
    webhook_name    text NOT NULL,
    received_at     timestamptz NOT NULL,
    method          text NOT NULL,
    path            text NOT NULL,
    query           text NOT NULL DEFAULT '',
    headers         jsonb NOT NULL,
    body            bytea NOT NULL,
    source_address  text,
    trace_parent    text,
    trace_state     text,
    state           text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'routed', 'unroutable')),
    webhook_id      bigint REFERENCES webhooks (id) ON DELETE SET NULL,
    routed_at       timestamptz
) PARTITION BY RANGE (id);

CREATE INDEX requests_awaiting_routing ON requests (received_at) WHERE state = 'received';
CREATE INDEX requests_by_webhook ON requests (webhook_name, received_at DESC, id DESC);
CREATE INDEX requests_newest ON requests (received_at DESC, id DESC);
CREATE INDEX requests_unroutable ON requests (received_at) WHERE state = 'unroutable';

CREATE TABLE deliveries (
    id               uuid PRIMARY KEY,
    request_id       uuid NOT NULL,
    destination_id   bigint NOT NULL REFERENCES destinations (id) ON DELETE CASCADE,
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'succeeded', 'failed')),
    attempt_count    integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    locked_until     timestamptz,
    lease            uuid,
    created_at       timestamptz NOT NULL,
    completed_at     timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error_kind  text,
    attempt_base     integer NOT NULL DEFAULT 0
) PARTITION BY RANGE (id);

-- Was the unique (request_id, destination_id); delivery_id() now keeps the pair unique.
CREATE INDEX deliveries_by_request ON deliveries (request_id, destination_id);
CREATE INDEX deliveries_completed ON deliveries (completed_at) WHERE state <> 'pending';
CREATE INDEX deliveries_destination ON deliveries (destination_id, last_attempt_at DESC);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_pending_by_destination ON deliveries (destination_id, next_attempt_at) WHERE completed_at IS NULL;

CREATE TABLE attempts (
    delivery_id       uuid NOT NULL,
    number            integer NOT NULL,
    started_at        timestamptz NOT NULL,
    duration_ms       double precision NOT NULL,
    status_code       integer,
    response_headers  jsonb,
    response_body     bytea,
    error_kind        text,
    error_message     text,
    revision          integer NOT NULL DEFAULT 0,
    PRIMARY KEY (delivery_id, number)
) PARTITION BY RANGE (delivery_id);

CREATE INDEX attempts_retries ON attempts (started_at) WHERE number > 1;

CREATE TABLE request_revisions (
    request_id       uuid NOT NULL,
    number           integer NOT NULL CHECK (number >= 1),
    created_at       timestamptz NOT NULL,
    method           text NOT NULL,
    headers          jsonb NOT NULL,
    body             bytea NOT NULL,
    destination_url  text,
    delivery_id      uuid,
    PRIMARY KEY (request_id, number)
) PARTITION BY RANGE (request_id);

CREATE INDEX request_revisions_by_delivery ON request_revisions (delivery_id) WHERE delivery_id IS NOT NULL;

-- The foreign keys inside one day (or inside the default partitions): a delivery's request, an
-- attempt's delivery, a revision's request and delivery. Declared on partitions, not on the tables,
-- so that dropping a day does not make PostgreSQL search every other day for rows referring to it.
CREATE FUNCTION link_day_partitions(suffix text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (request_id) REFERENCES %I (id) ON DELETE CASCADE',
                   'deliveries_' || suffix, 'requests_' || suffix);
    EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (delivery_id) REFERENCES %I (id) ON DELETE CASCADE',
                   'attempts_' || suffix, 'deliveries_' || suffix);
    EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (request_id) REFERENCES %I (id) ON DELETE CASCADE',
                   'request_revisions_' || suffix, 'requests_' || suffix);
    EXECUTE format('ALTER TABLE %I ADD FOREIGN KEY (delivery_id) REFERENCES %I (id) ON DELETE CASCADE',
                   'request_revisions_' || suffix, 'deliveries_' || suffix);
END
$$;

-- Fill factor 40: see 0008. A partitioned table has no storage, so each partition sets its own.
CREATE TABLE requests_default PARTITION OF requests DEFAULT;
CREATE TABLE deliveries_default PARTITION OF deliveries DEFAULT WITH (fillfactor = 40);
CREATE TABLE attempts_default PARTITION OF attempts DEFAULT;
CREATE TABLE request_revisions_default PARTITION OF request_revisions DEFAULT;
SELECT link_day_partitions('default');

-- Creates the partitions of every UTC day from first_day to last_day that has none yet, and returns how many
-- days it created. A day is built as four plain tables, linked, then attached: attaching takes a lock
-- that lets ingest and delivery go on (creating a partition in place would not). A day whose range
-- already has rows in a default partition is left out: those rows stay where they are and are purged
-- row by row, and attaching would fail on them.
CREATE FUNCTION ensure_day_partitions(first_day date, last_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    day date;
    suffix text;
    low uuid;
    high uuid;
    created integer := 0;
BEGIN
    -- Services starting together would otherwise race to create the same day.
    PERFORM pg_advisory_xact_lock(hashtext('soldr.ensure_day_partitions'));
    FOR day IN SELECT generate_series(first_day, last_day, interval '1 day')::date LOOP
        suffix := 'p' || to_char(day, 'YYYYMMDD');
        CONTINUE WHEN to_regclass('requests_' || suffix) IS NOT NULL;
        low := uuid_v7_floor(day::timestamp AT TIME ZONE 'UTC');
        high := uuid_v7_floor((day + 1)::timestamp AT TIME ZONE 'UTC');
        CONTINUE WHEN EXISTS (SELECT 1 FROM requests_default WHERE id >= low AND id < high)
                   OR EXISTS (SELECT 1 FROM deliveries_default WHERE id >= low AND id < high)
                   OR EXISTS (SELECT 1 FROM attempts_default WHERE delivery_id >= low AND delivery_id < high)
                   OR EXISTS (SELECT 1 FROM request_revisions_default WHERE request_id >= low AND request_id < high);
        EXECUTE format('CREATE TABLE %I (LIKE requests INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', 'requests_' || suffix);
        EXECUTE format('CREATE TABLE %I (LIKE deliveries INCLUDING DEFAULTS INCLUDING CONSTRAINTS) WITH (fillfactor = 40)', 'deliveries_' || suffix);
        EXECUTE format('CREATE TABLE %I (LIKE attempts INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', 'attempts_' || suffix);
        EXECUTE format('CREATE TABLE %I (LIKE request_revisions INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', 'request_revisions_' || suffix);
        -- Attaching builds each table's copies of the partitioned indexes, the keys among them, which the
        -- day's own foreign keys need first.
        EXECUTE format('ALTER TABLE requests ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', 'requests_' || suffix, low, high);
        EXECUTE format('ALTER TABLE deliveries ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', 'deliveries_' || suffix, low, high);
        EXECUTE format('ALTER TABLE attempts ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', 'attempts_' || suffix, low, high);
        EXECUTE format('ALTER TABLE request_revisions ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', 'request_revisions_' || suffix, low, high);
        PERFORM link_day_partitions(suffix);
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;

-- The days that have partitions, oldest first.
CREATE FUNCTION day_partitions() RETURNS SETOF date
LANGUAGE sql STABLE AS $$
    SELECT to_date(substring(c.relname FROM 11), 'YYYYMMDD')
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'requests'::regclass AND c.relname ~ '^requests_p[0-9]{8}$'
    ORDER BY 1
$$;

-- Takes one day's partitions out of the tables and returns how many requests they hold; or returns
-- null and takes nothing out if a request of that day is not yet routed or has a delivery still pending
-- (the row purge never takes those either). Taking them out locks the tables, so the caller sets a short
-- lock_timeout: if ingest or delivery would have to wait longer, it fails and is tried again on the
-- next run. Dropping them is left to release_detached_days and drop_detached_days, below: removing
-- their files takes longer (50 ms for a day of 100,000 requests, and more for a larger one), and must
-- not hold this lock.
CREATE FUNCTION detach_day_partitions(day date) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    suffix text := 'p' || to_char(day, 'YYYYMMDD');
    busy boolean;
    requests_in_day bigint;
BEGIN
    IF to_regclass('requests_' || suffix) IS NULL THEN
        RETURN 0;
    END IF;
    -- Counted before the lock, so the count costs nobody a wait; an old day gains no rows.
    EXECUTE format('SELECT count(*) FROM %I', 'requests_' || suffix) INTO requests_in_day;
    -- The order every statement of Soldr takes them in, so this never deadlocks with one.
    LOCK TABLE requests, deliveries, attempts, request_revisions IN ACCESS EXCLUSIVE MODE;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE state = ''received'')
                         OR EXISTS (SELECT 1 FROM %I WHERE state = ''pending'')',
                   'requests_' || suffix, 'deliveries_' || suffix) INTO busy;
    IF busy THEN
        RETURN NULL;
    END IF;
    EXECUTE format('ALTER TABLE request_revisions DETACH PARTITION %I', 'request_revisions_' || suffix);
    EXECUTE format('ALTER TABLE attempts DETACH PARTITION %I', 'attempts_' || suffix);
    EXECUTE format('ALTER TABLE deliveries DETACH PARTITION %I', 'deliveries_' || suffix);
    EXECUTE format('ALTER TABLE requests DETACH PARTITION %I', 'requests_' || suffix);
    RETURN requests_in_day;
END
$$;

-- A day's tables taken out by detach_day_partitions still refer to webhooks and destinations, and
-- dropping such a reference locks the table it refers to against everything, ingest's reads included,
-- until the transaction ends. So the references go first, in a transaction that changes only the
-- catalog and so commits at once, after a lock taken in the order ingest takes them (the caller sets a
-- short lock_timeout); the files go after, in drop_detached_days, with no lock on anyone's tables.
-- The detached tables of a day are those not attached to their table any more.
CREATE FUNCTION detached_day_tables() RETURNS TABLE (suffix text, name text)
LANGUAGE sql STABLE AS $$
    SELECT substring(c.relname FROM '_(p[0-9]{8})$'), c.relname::text
    FROM pg_class c
    WHERE c.relkind = 'r' AND NOT c.relispartition
      AND c.relnamespace = 'public'::regnamespace
      AND c.relname ~ '^(request_revisions|attempts|deliveries|requests)_p[0-9]{8}$'
$$;

-- Removes the detached tables' references to tables outside their day; returns how many.
CREATE FUNCTION release_detached_days() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    reference record;
    released integer := 0;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint k JOIN detached_day_tables() t ON k.conrelid = t.name::regclass
                   WHERE k.contype = 'f' AND k.confrelid IN ('webhooks'::regclass, 'destinations'::regclass)) THEN
        RETURN 0;
    END IF;
    LOCK TABLE webhooks, destinations IN ACCESS EXCLUSIVE MODE;
    FOR reference IN
        SELECT t.name, k.conname FROM pg_constraint k JOIN detached_day_tables() t ON k.conrelid = t.name::regclass
        WHERE k.contype = 'f' AND k.confrelid IN ('webhooks'::regclass, 'destinations'::regclass)
    LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', reference.name, reference.conname);
        released := released + 1;
    END LOOP;
    RETURN released;
END
$$;

-- Drops the detached days whose references release_detached_days has removed; returns how many days.
CREATE FUNCTION drop_detached_days() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    day_suffix text;
    dropped integer := 0;
BEGIN
    FOR day_suffix IN
        SELECT DISTINCT t.suffix FROM detached_day_tables() t
        WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k JOIN detached_day_tables() u ON k.conrelid = u.name::regclass
                          WHERE u.suffix = t.suffix AND k.contype = 'f'
                            AND k.confrelid IN ('webhooks'::regclass, 'destinations'::regclass))
    LOOP
        -- Those that refer to others first.
        EXECUTE format('DROP TABLE IF EXISTS %I, %I, %I, %I',
                       'request_revisions_' || day_suffix, 'attempts_' || day_suffix,
                       'deliveries_' || day_suffix, 'requests_' || day_suffix);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END
$$;

-- The days the old rows arrived on, and the days around today, get their partitions before the copy.
SELECT ensure_day_partitions(d, d)
FROM (SELECT DISTINCT (received_at AT TIME ZONE 'UTC')::date AS d FROM soldr_unpartitioned.requests) days;
SELECT ensure_day_partitions((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 3);

INSERT INTO requests SELECT * FROM soldr_unpartitioned.requests;

-- Deliveries get their new ids; what referred to the old ones follows them.
CREATE TEMPORARY TABLE delivery_ids ON COMMIT DROP AS
    SELECT id AS old_id, delivery_id(request_id, destination_id) AS new_id
    FROM soldr_unpartitioned.deliveries;
CREATE UNIQUE INDEX ON delivery_ids (old_id);

INSERT INTO deliveries
SELECT m.new_id, d.request_id, d.destination_id, d.state, d.attempt_count, d.next_attempt_at, d.locked_until,
       d.lease, d.created_at, d.completed_at, d.last_attempt_at, d.last_status_code, d.last_error_kind,
       d.attempt_base
FROM soldr_unpartitioned.deliveries d
JOIN delivery_ids m ON m.old_id = d.id;

INSERT INTO attempts
SELECT m.new_id, a.number, a.started_at, a.duration_ms, a.status_code, a.response_headers, a.response_body,
       a.error_kind, a.error_message, a.revision
FROM soldr_unpartitioned.attempts a
JOIN delivery_ids m ON m.old_id = a.delivery_id;

INSERT INTO request_revisions
SELECT v.request_id, v.number, v.created_at, v.method, v.headers, v.body, v.destination_url, m.new_id
FROM soldr_unpartitioned.request_revisions v
LEFT JOIN delivery_ids m ON m.old_id = v.delivery_id;

UPDATE alerts a SET delivery_id = m.new_id FROM delivery_ids m WHERE m.old_id = a.delivery_id;

DROP SCHEMA soldr_unpartitioned CASCADE;
