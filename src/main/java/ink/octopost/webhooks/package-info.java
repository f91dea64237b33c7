/**
 * Webhooks: endpoints a workspace registers, and the signed, durable delivery of every outbox
 * event to them (Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code
 * webhook-signature}).
 *
 * <p>The outbox ({@code events}) is fanned out into {@code webhook_deliveries}, one row per
 * event and endpoint, by a cursor over the writing transaction and sequence, so an event that
 * commits late is never skipped and a re-run inserts nothing twice. A delivery row is the work:
 * claimed with {@code FOR UPDATE SKIP LOCKED}-style fencing (status, lease, owner), sent on a
 * virtual thread through {@code OutboundHttp} (internal addresses refused at every attempt,
 * redirects never followed), then delivered, retried with exponential backoff and jitter for at
 * least the retry window, or failed. Each endpoint has a bounded number of deliveries in flight
 * across all nodes, so a slow or dead endpoint only ever holds its own slots. A 410 Gone
 * disables an endpoint at once; failing every delivery for five days disables it too.
 *
 * <p>Secrets ({@code whsec_} + base64 of 32 random bytes) are sealed at rest with {@code
 * SecretBox}, shown only when created or rotated, and never logged; after a rotation the old
 * secret keeps signing, as a second {@code v1,} signature, for 24 hours.
 */
package ink.octopost.webhooks;
