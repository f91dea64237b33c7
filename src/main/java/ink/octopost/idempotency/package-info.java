/**
 * {@code Idempotency-Key} on any POST: the first response for a (key, API key) pair is kept in
 * PostgreSQL for 24 hours, sealed, and replayed for an identical repeat; a different request with
 * the same key is refused (422), and a repeat while the first still runs gets 409. Because the
 * claim is a row, it holds across nodes and restarts.
 */
package ink.octopost.idempotency;
