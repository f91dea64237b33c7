-- OAuth connection flows: the pending authorizations (one per connect-url), and the OAuth apps
-- Octopost registered on instances that want one per server (Mastodon).

CREATE TABLE oauth_states (
    id               text PRIMARY KEY,
    state_hash       bytea NOT NULL,            -- SHA-256 of the state; the state itself lives only in the browser
    workspace_id     text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id          text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sandbox          boolean NOT NULL,
    platform         text NOT NULL,
    instance_url     text NOT NULL DEFAULT '',  -- Mastodon instance; '' elsewhere
    redirect_uri     text NOT NULL,             -- must be sent again, identical, with the code
    verifier_sealed  bytea NOT NULL,            -- the PKCE code_verifier, AES-256-GCM, bound to the id
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz                -- single use: set by the one callback that wins
);
CREATE UNIQUE INDEX oauth_states_hash_uq ON oauth_states (state_hash);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

CREATE TABLE oauth_clients (
    platform              text NOT NULL,
    instance_url          text NOT NULL,
    redirect_uri          text NOT NULL,        -- an app is registered for one callback URL
    client_id             text NOT NULL,
    client_secret_sealed  bytea,
    created_at            timestamptz NOT NULL,
    PRIMARY KEY (platform, instance_url, redirect_uri)
);
