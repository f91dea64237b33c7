/**
 * The durable publishing engine. A target row is the unit of work: a pending target with a due
 * time is claimed (under a short cluster-wide claim lock, with {@code FOR UPDATE SKIP LOCKED}),
 * marked {@code publishing} with its attempt number and a lease, and committed before the network
 * is called; the answer is recorded after. A node that dies mid-call leaves an expired lease: the
 * target is run again only where the network makes that safe (an idempotency key or a chosen
 * record key), and is otherwise {@code unconfirmed}, never published twice. Failures are retried
 * by class (rate limit: at the network's reset time; transient: exponential backoff with jitter;
 * expired token: one refresh). Scheduled posts start at their instant, not on a minute tick;
 * queued posts take the next free slot in the workspace's zone. Post status and events follow
 * from the targets in the same transaction as each result.
 */
package ink.octopost.publishing;
