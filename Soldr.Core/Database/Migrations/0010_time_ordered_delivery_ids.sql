-- Delivery ids were random (version 4), so every delivery, every new version of one and every attempt
-- wrote its index entry to a random page of deliveries_pkey and of attempts' (delivery_id, number)
-- key: each such page is read and, the first time after a checkpoint, written whole to the log.
-- A version 7 id starts with its creation time in milliseconds (RFC 9562), like a request id, so
-- deliveries created together, claimed together and recorded together share index pages.
-- PostgreSQL 18 has uuidv7() built in; this function does the same on earlier versions.
CREATE FUNCTION uuid_v7(at timestamptz) RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    -- A random version 4 id (its variant bits are already RFC 9562's) with the first 48 bits replaced
    -- by the Unix time in milliseconds, and the version nibble turned from 4 (0100) into 7 (0111).
    SELECT encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send(floor(extract(epoch FROM at) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;
