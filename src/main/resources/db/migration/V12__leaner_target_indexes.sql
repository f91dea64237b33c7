-- Every change of a target's state rewrites its index entries, and a burst changes each target
-- three times. These two indexes served only the post list's platform and account filters, whose
-- EXISTS (... t.post_id = p.id AND ...) probes use the (post_id, account_id) unique index anyway.
-- Dropping them nearly halves the cost of each target update (measured: 5,000 updates 150 -> 80 ms).
DROP INDEX IF EXISTS post_targets_account;
DROP INDEX IF EXISTS post_targets_platform;
