-- Foundation: workspaces, users, API keys, rate-limit buckets, idempotency records, and the
-- secret-key check. All times are instants (timestamptz, UTC).

CREATE TABLE workspaces (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    plan_tier   text NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE users (
    id             text PRIMARY KEY,
    email          text NOT NULL,
    name           text NOT NULL,
    password_hash  text NOT NULL,
    created_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_uq ON users (lower(email));

CREATE TABLE workspace_members (
    workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          text NOT NULL CHECK (role IN ('owner', 'member')),
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);

CREATE TABLE api_keys (
    id            text PRIMARY KEY,
    workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id       text NOT NULL REFERENCES users (id),
    name          text NOT NULL,
    mode          text NOT NULL CHECK (mode IN ('live', 'test')),
    scopes        text[] NOT NULL,          -- empty means full access, including future scopes
    secret_hash   bytea NOT NULL,           -- SHA-256 of the whole key; the key itself is never stored
    hint          text NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE UNIQUE INDEX api_keys_secret_hash_uq ON api_keys (secret_hash);
CREATE INDEX api_keys_workspace_page ON api_keys (workspace_id, created_at DESC, id DESC);

-- One row per (key, bucket): the GCRA "theoretical arrival time" in microseconds since the epoch.
-- Unlogged: a crash may reset rate limits, which is harmless, and it saves a WAL write per request.
CREATE UNLOGGED TABLE rate_limit_buckets (
    bucket_key  text PRIMARY KEY,
    tat_us      bigint NOT NULL
);

CREATE TABLE idempotency_records (
    api_key_id      text NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    idem_key        text NOT NULL,
    request_hash    bytea NOT NULL,
    state           text NOT NULL CHECK (state IN ('in_flight', 'completed')),
    locked_until    timestamptz NOT NULL,
    status          int,
    content_type    text,
    body_sealed     bytea,                  -- the stored response, sealed: it may hold a new key's secret
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (api_key_id, idem_key)
);
CREATE INDEX idempotency_records_created ON idempotency_records (created_at);

-- A value sealed under the secret key at first start; a server started with another key cannot
-- open it and refuses to start, instead of writing credentials no one can read again.
CREATE TABLE secret_key_check (
    id          int PRIMARY KEY CHECK (id = 1),
    sealed      bytea NOT NULL,
    created_at  timestamptz NOT NULL
);
