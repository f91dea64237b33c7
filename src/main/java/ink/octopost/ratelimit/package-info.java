/**
 * Per-key rate limits: two buckets per key, requests per minute and publishes per hour, each a
 * GCRA "theoretical arrival time". With an external database (possibly shared by many nodes) a
 * bucket is one row and a request one atomic {@code INSERT ... ON CONFLICT DO UPDATE}, so limits
 * hold exactly across nodes. With the embedded database one process owns the data, so the buckets
 * live in its memory: just as exact, with no database round trip per request.
 */
package ink.octopost.ratelimit;
