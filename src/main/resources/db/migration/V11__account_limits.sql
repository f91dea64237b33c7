-- What a network says about one account's own limits (a Mastodon instance's character limit,
-- attachments and sizes): not secret, read when the account connects and again about daily.
-- V11, not V6-V9: a database that already ran V10 would refuse a lower version as out of order.

ALTER TABLE accounts
    ADD COLUMN limits             jsonb,          -- in the connector's words; NULL: the network's defaults
    ADD COLUMN limits_fetched_at  timestamptz,    -- when the network said so
    ADD COLUMN limits_checked_at  timestamptz;    -- the last time they were asked for (claimed, so one node asks)
