-- Logins that grant several accounts (a Facebook login's Pages, the Instagram accounts linked to
-- them): the callback keeps what the network granted for a short while, and the user (through the
-- small page the browser lands on, or the API) chooses which to connect. Single use.

CREATE TABLE pending_connections (
    id               text PRIMARY KEY,
    workspace_id     text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id          text REFERENCES users (id) ON DELETE CASCADE,   -- who asked for the connect URL
    sandbox          boolean NOT NULL,
    platform         text NOT NULL,
    instance_url     text NOT NULL DEFAULT '',
    page_token_hash  bytea NOT NULL,            -- SHA-256 of the token in the page's URL; the token lives only in the browser
    form_token_sealed bytea NOT NULL,           -- the page form's token (CSRF), AES-256-GCM, bound to the id
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz                -- single use: set by the one choice that wins
);
CREATE UNIQUE INDEX pending_connections_page_token_uq ON pending_connections (page_token_hash);
CREATE INDEX pending_connections_expiry ON pending_connections (expires_at);

CREATE TABLE pending_candidates (
    pending_id         text NOT NULL REFERENCES pending_connections (id) ON DELETE CASCADE,
    position           integer NOT NULL,        -- the network's order
    platform_user_id   text NOT NULL,
    username           text,
    display_name       text,
    avatar_url         text,
    already_connected  boolean NOT NULL,        -- in the workspace, when the login came back
    secrets_sealed     bytea,                   -- credentials, token expiry, limits: AES-256-GCM, bound to the pending id and
                                                -- platform user id; destroyed once the pending connection is used or expired
    PRIMARY KEY (pending_id, platform_user_id)
);
