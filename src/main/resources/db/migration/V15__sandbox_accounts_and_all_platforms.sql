-- Test keys publish through built-in sandbox accounts, one per platform. They used to be made on
-- first use, from inside read-only requests (a 500), and could be disconnected for good. From now
-- on they are made with the workspace and cannot be disconnected; this gives every existing
-- workspace the ones it lacks and brings back the ones that were disconnected.

INSERT INTO accounts (id, workspace_id, sandbox, platform, platform_user_id, username, display_name,
                      status, is_default, connected_at, updated_at)
SELECT 'acc_' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 22), w.id, true, p.platform,
       'sandbox', 'sandbox', 'Sandbox ' || p.platform, 'active', true, now(), now()
FROM workspaces w
CROSS JOIN unnest(ARRAY['twitter', 'bluesky', 'mastodon', 'linkedin', 'threads', 'instagram', 'facebook',
                        'tiktok', 'youtube', 'discord', 'slack', 'telegram']) AS p(platform)
ON CONFLICT DO NOTHING;

UPDATE accounts a
SET status = 'active', status_reason = NULL, disconnected_at = NULL, updated_at = now(),
    is_default = NOT EXISTS (SELECT 1 FROM accounts d WHERE d.workspace_id = a.workspace_id AND d.sandbox
                             AND d.platform = a.platform AND d.is_default AND d.id <> a.id)
WHERE a.sandbox AND a.platform_user_id = 'sandbox' AND a.status <> 'active';

-- The system preset "All Platforms" names every platform Octopost publishes to, not five of them.
UPDATE presets
SET platforms = ARRAY['twitter', 'bluesky', 'mastodon', 'linkedin', 'threads', 'instagram', 'facebook',
                      'tiktok', 'youtube', 'discord', 'slack', 'telegram'], updated_at = now()
WHERE system_key = 'all_platforms';
