-- Claims take due targets in (due_at, id) order: an index in that order lets a claim read just the
-- rows it takes, instead of sorting every due target (a burst has tens of thousands).
DROP INDEX IF EXISTS post_targets_due;
CREATE INDEX post_targets_due ON post_targets (due_at, id) WHERE status = 'pending' AND due_at IS NOT NULL;
