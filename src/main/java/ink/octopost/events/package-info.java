/**
 * The event outbox. A feature records an event ({@code post.published}, {@code
 * account.connected}, ...) in the same transaction as the change it reports, with its payload
 * rendered at that moment; webhook delivery and any other consumer read the table in order. An
 * event is never lost when the change commits and never exists when it rolls back.
 */
package ink.octopost.events;
