/**
 * Per-key rate limits, shared by every node through PostgreSQL. Each bucket is one row holding a
 * GCRA "theoretical arrival time"; a request is one atomic {@code INSERT ... ON CONFLICT DO
 * UPDATE}, so limits hold exactly across nodes with one round trip and no lock held between
 * statements. Two buckets per key: requests per minute, and publishes per hour.
 */
package ink.octopost.ratelimit;
