-- Connected accounts, presets, queue settings, posts and their per-account targets, and the
-- event outbox. Sandbox (test-key) rows live beside live rows and are told apart by "sandbox".

CREATE TABLE accounts (
    id                   text PRIMARY KEY,
    workspace_id         text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    sandbox              boolean NOT NULL,
    platform             text NOT NULL,
    platform_user_id     text NOT NULL,
    username             text NOT NULL,
    display_name         text,
    avatar_url           text,
    instance_url         text NOT NULL DEFAULT '',  -- Mastodon instance or Bluesky PDS; '' elsewhere
    status               text NOT NULL CHECK (status IN ('active', 'needs_reconnect', 'disconnected')),
    status_reason        text,
    is_default           boolean NOT NULL DEFAULT false,
    credentials_sealed   bytea,                     -- AES-256-GCM; NULL once disconnected
    credentials_version  bigint NOT NULL DEFAULT 0, -- compare-and-set for token refreshes
    token_expires_at     timestamptz,
    connected_at         timestamptz NOT NULL,
    last_used_at         timestamptz,
    disconnected_at      timestamptz,
    updated_at           timestamptz NOT NULL
);
-- Reconnecting the same network identity updates the same row, so the account keeps its id.
CREATE UNIQUE INDEX accounts_identity_uq
    ON accounts (workspace_id, sandbox, platform, instance_url, platform_user_id);
CREATE UNIQUE INDEX accounts_default_uq ON accounts (workspace_id, sandbox, platform) WHERE is_default;
CREATE INDEX accounts_page ON accounts (workspace_id, sandbox, connected_at DESC, id DESC);

CREATE TABLE presets (
    id                   text PRIMARY KEY,
    workspace_id         text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    system_key           text,                      -- 'all_platforms', 'professional'; NULL for users' presets
    name                 text NOT NULL,
    platforms            text[] NOT NULL,
    primary_platform     text,
    cross_link_enabled   boolean NOT NULL,
    cross_link_template  text,
    is_default           boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE UNIQUE INDEX presets_system_uq ON presets (workspace_id, system_key);
CREATE UNIQUE INDEX presets_default_uq ON presets (workspace_id) WHERE is_default;
CREATE INDEX presets_page ON presets (workspace_id, created_at DESC, id DESC);

CREATE TABLE queue_settings (
    workspace_id      text PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    timezone          text NOT NULL,
    active_start      time NOT NULL,
    active_end        time NOT NULL,
    interval_minutes  int NOT NULL,
    days              text[] NOT NULL,
    updated_at        timestamptz NOT NULL
);

CREATE TABLE posts (
    id                     text PRIMARY KEY,
    workspace_id           text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    sandbox                boolean NOT NULL,
    content                text NOT NULL,
    status                 text NOT NULL CHECK (status IN ('draft', 'scheduled', 'publishing', 'published', 'failed')),
    queue_status           text CHECK (queue_status IN ('queued', 'pending')),
    queued_at              timestamptz,             -- the post's place in the queue; kept by approve
    scheduled_for          timestamptz,
    preset_id              text REFERENCES presets (id) ON DELETE SET NULL,
    requested_platforms    text[] NOT NULL,
    requested_account_ids  text[] NOT NULL,
    media                  jsonb NOT NULL,
    segments               jsonb NOT NULL,
    overrides              jsonb NOT NULL,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    published_at           timestamptz
);
CREATE INDEX posts_page ON posts (workspace_id, sandbox, created_at DESC, id DESC);
CREATE INDEX posts_due ON posts (scheduled_for) WHERE status = 'scheduled';
CREATE INDEX posts_queue ON posts (workspace_id, sandbox, queued_at, id) WHERE queue_status IS NOT NULL;

-- One row per (post, account): each target is published, retried and reported on its own.
CREATE TABLE post_targets (
    id                text PRIMARY KEY,
    post_id           text NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    account_id        text NOT NULL REFERENCES accounts (id),
    platform          text NOT NULL,
    position          int NOT NULL,
    status            text NOT NULL CHECK (status IN ('pending', 'publishing', 'published', 'failed', 'unconfirmed')),
    attempts          int NOT NULL DEFAULT 0,
    network_post_id   text,
    network_post_url  text,
    error             text,
    error_code        text,
    published_at      timestamptz,
    updated_at        timestamptz NOT NULL,
    UNIQUE (post_id, account_id)
);
CREATE INDEX post_targets_account ON post_targets (account_id, post_id);
CREATE INDEX post_targets_platform ON post_targets (platform, post_id);

-- Every event the contract lists, written in the same transaction as the change it reports.
CREATE TABLE events (
    id            text PRIMARY KEY,
    seq           bigserial UNIQUE,
    workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    sandbox       boolean NOT NULL,
    type          text NOT NULL,
    payload       jsonb NOT NULL,                   -- the webhook body: {id, type, created_at, data}
    created_at    timestamptz NOT NULL
);
CREATE INDEX events_workspace ON events (workspace_id, seq);
