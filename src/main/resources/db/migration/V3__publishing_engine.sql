-- The publishing engine works on the target rows themselves: a pending target with a due time
-- is work; claiming it marks it publishing (attempt counted, lease taken) before the network call.

ALTER TABLE post_targets
    ADD COLUMN due_at           timestamptz,       -- when the engine may run it; NULL: not yet (waiting for a cross-link primary)
    ADD COLUMN lease_until      timestamptz,       -- while publishing: after this, the node that claimed it is presumed dead
    ADD COLUMN lease_owner      text,
    ADD COLUMN started_at       timestamptz,       -- when the first attempt started (lateness)
    ADD COLUMN idempotency_key  text NOT NULL DEFAULT '',
    ADD COLUMN segments_done    int NOT NULL DEFAULT 0,
    ADD COLUMN thread_refs      jsonb,             -- the network refs of the parts already published
    ADD COLUMN note             text;              -- what the engine wants the user to know (e.g. published without the cross-link)

CREATE INDEX post_targets_due ON post_targets (due_at) WHERE status = 'pending' AND due_at IS NOT NULL;
CREATE INDEX post_targets_leases ON post_targets (lease_until) WHERE status = 'publishing';
CREATE INDEX post_targets_publishing_account ON post_targets (account_id) WHERE status = 'publishing';

ALTER TABLE posts ADD COLUMN publish_started_at timestamptz;

-- The last queue slot a workspace used, so each slot carries one post and a restart resumes.
CREATE TABLE queue_state (
    workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    sandbox       boolean NOT NULL,
    last_slot_at  timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, sandbox)
);
