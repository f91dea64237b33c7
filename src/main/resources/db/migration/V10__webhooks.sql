-- Webhook endpoints and their deliveries. A delivery row (one per event x endpoint) is the work:
-- pending with a due time, claimed (delivering, with a lease) before the HTTP call, then
-- delivered, retried later or failed. Rows survive restarts; any node can pick them up.

CREATE TABLE webhooks (
    id                          text PRIMARY KEY,
    workspace_id                text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    sandbox                     boolean NOT NULL,
    url                         text NOT NULL,
    events                      text[] NOT NULL,
    description                 text,
    is_active                   boolean NOT NULL DEFAULT true,
    disabled_reason             text,
    secret_sealed               bytea NOT NULL,    -- AES-256-GCM of the whsec_ value
    previous_secret_sealed      bytea,             -- after a rotation: still signs until previous_expires_at
    previous_expires_at         timestamptz,
    failing_since               timestamptz,       -- first failed attempt since the last success
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL
);
CREATE INDEX webhooks_page ON webhooks (workspace_id, sandbox, created_at DESC, id DESC);
CREATE INDEX webhooks_fanout ON webhooks (workspace_id, sandbox) WHERE is_active;

-- Which transaction wrote an event: the fan-out reads events only once every transaction that
-- could still add one below its horizon has finished, so a late commit is never skipped.
ALTER TABLE events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX events_tx ON events (tx, seq);

-- The fan-out's position in the outbox: every event below (tx, seq) has its deliveries.
CREATE TABLE webhook_fanout (
    id        int PRIMARY KEY CHECK (id = 1),
    tx        xid8 NOT NULL,
    seq       bigint NOT NULL
);
INSERT INTO webhook_fanout VALUES (1, pg_current_xact_id(), 0);

CREATE TABLE webhook_deliveries (
    id               text PRIMARY KEY,          -- also the webhook-id header, the same on every attempt
    webhook_id       text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id         text REFERENCES events (id) ON DELETE CASCADE,  -- NULL for test messages
    event_type       text NOT NULL,
    body             text,                      -- test messages only; events deliver events.payload
    status           text NOT NULL CHECK (status IN ('pending', 'delivering', 'delivered', 'failed')),
    attempts         int NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    lease_until      timestamptz,
    lease_owner      text,
    response_status  int,
    response_body    text,                      -- truncated
    latency_ms       int,
    error            text,
    first_attempt_at timestamptz,
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (webhook_id, next_attempt_at, created_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_next ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_busy ON webhook_deliveries (webhook_id) WHERE status = 'delivering';
CREATE INDEX webhook_deliveries_leases ON webhook_deliveries (lease_until) WHERE status = 'delivering';
CREATE INDEX webhook_deliveries_page ON webhook_deliveries (webhook_id, created_at DESC, id DESC);
