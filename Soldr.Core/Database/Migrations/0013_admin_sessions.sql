-- Sessions of the management UI. The cookie carries only a session key; the row decides whether the
-- session is alive, so signing out, changing the secret or resetting the data ends it on every replica.
-- The key itself is never stored: id is its SHA-256, so a reader of this table cannot present a session.
CREATE TABLE admin_sessions (
    id               bytea PRIMARY KEY,
    -- An HMAC of id under the secret the session was opened with: it proves which secret that was
    -- without revealing it, and stops matching once the secret changes.
    secret_proof     bytea NOT NULL,
    -- The authentication ticket (who signed in, with which properties), without the session key.
    ticket           bytea NOT NULL,
    signed_in_at     timestamptz NOT NULL,
    signed_in_from   text,
    -- Sliding: moved forward when the cookie is renewed. ends_at is absolute and never moves.
    expires_at       timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL
);

-- Sign-in removes the sessions that are over.
CREATE INDEX admin_sessions_expiry ON admin_sessions (LEAST(expires_at, ends_at));

-- The data-protection key ring of the admin service (cookies, antiforgery tokens), shared by every
-- replica and reset with the rest of Soldr's data.
CREATE TABLE data_protection_keys (
    name       text PRIMARY KEY,
    xml        text NOT NULL,
    stored_at  timestamptz NOT NULL
);
