/**
 * The durable publishing engine. A target row is the unit of work: a pending target with a due
 * time is claimed post by post (under a short cluster-wide claim lock) and marked {@code
 * publishing} with a lease; a group-committed "sending" marker starts the attempt when the
 * connector opens the publication's send gate, right before the request that creates the post
 * (after fetching and uploading media), and no such request is written before that marker is
 * durable; the answer is recorded
 * after, in a group commit too. Each node beats in {@code engine_nodes}; a node silent for the
 * node timeout is presumed dead and a live node takes its targets over: never-marked ones run
 * again, marked ones run again only where the network makes that safe (an idempotency key or a
 * chosen record key) and are otherwise {@code unconfirmed}, never published twice. Failures are
 * retried by class (rate limit: at the network's reset time; transient: exponential backoff with
 * jitter; expired token: one refresh). Scheduled posts start at their instant, not on a minute
 * tick; queued posts take the next free slot in the workspace's zone. Post status and events
 * follow from the targets in the same transaction as each result; posts are always locked in id
 * order, after their targets.
 */
package ink.octopost.publishing;
