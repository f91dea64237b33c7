-- A target whose network is still working on the current part (an Instagram or Threads container
-- processing, an upload being checked): the connector answered NetworkFailure.InProgress and the
-- engine gave the target back, due at the connector's checkAt, without spending an attempt.
-- Only the connector's own small map is kept, and only for the part it belongs to; all three
-- columns are cleared when that part publishes, when the target finishes, or when it is retried.
ALTER TABLE post_targets
    ADD COLUMN progress         jsonb,       -- the connector's map, handed back as Publication.progress()
    ADD COLUMN progress_segment int,         -- the part (0 = the post, 1.. = reply segments) it belongs to
    ADD COLUMN progress_since   timestamptz; -- when this part's wait began: the engine's cap (max-in-progress)
