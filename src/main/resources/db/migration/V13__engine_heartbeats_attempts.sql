-- Crash recovery that costs seconds and only the calls in flight (issue 11).

-- A claimed target is only "publishing" in name until sending_at says its network call is about to
-- start (committed before the request is written). After a crash, a target without it was never
-- sent and simply runs again; only one with it may have reached the network.
-- attempt_log: the target's last 20 attempts, [{number, node, started_at, finished_at, outcome,
-- error_code, note}], appended when an attempt starts and completed when it ends.
ALTER TABLE post_targets
    ADD COLUMN sending_at   timestamptz,
    ADD COLUMN attempt_log  jsonb NOT NULL DEFAULT '[]';

-- Every engine node beats here every second or so (PostgreSQL's clock, so nodes' clocks may
-- disagree); a node whose beat is older than octopost.engine.node-timeout is presumed dead and
-- the others take its targets over.
CREATE TABLE engine_nodes (
    node_id     text PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    last_beat   timestamptz NOT NULL
);

-- Takeovers look targets up by the node holding them (a dead node's, or this node's orphans).
DROP INDEX IF EXISTS post_targets_leases;
CREATE INDEX post_targets_held ON post_targets (lease_owner, lease_until) WHERE status = 'publishing';

-- Claims take due targets post by post, so a burst finishes its posts progressively instead of
-- every post waiting for the end of the drain (random target ids spread each post's targets).
DROP INDEX IF EXISTS post_targets_due;
CREATE INDEX post_targets_due ON post_targets (due_at, post_id, position) WHERE status = 'pending' AND due_at IS NOT NULL;

-- The last 20 entries of an attempt log.
CREATE FUNCTION octopost_attempt_cap(log jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_array_length(log) <= 20 THEN log
    ELSE (SELECT jsonb_agg(e ORDER BY i) FROM jsonb_array_elements(log) WITH ORDINALITY AS x(e, i)
          WHERE i > jsonb_array_length(log) - 20) END
$$;

-- An attempt starts: its network call is about to be made.
CREATE FUNCTION octopost_attempt_begin(log jsonb, n int, node text, started text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT octopost_attempt_cap(log || jsonb_build_array(jsonb_build_object('number', n, 'node', node, 'started_at', started)))
$$;

-- An attempt ends: completes the open entry of that number, or adds a whole entry (an attempt that
-- ended before any call, e.g. a validation failure).
CREATE FUNCTION octopost_attempt_end(log jsonb, n int, node text, started text, finished text, outcome text, code text, note text)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN jsonb_array_length(log) > 0 AND (log -> -1 ->> 'number')::int = n AND NOT (log -> -1 ? 'finished_at')
      THEN jsonb_set(log, ARRAY[(jsonb_array_length(log) - 1)::text],
             (log -> -1) || jsonb_strip_nulls(jsonb_build_object('finished_at', finished, 'outcome', outcome, 'error_code', code, 'note', note)))
    ELSE octopost_attempt_cap(log || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('number', n, 'node', node,
             'started_at', started, 'finished_at', finished, 'outcome', outcome, 'error_code', code, 'note', note))))
  END
$$;
