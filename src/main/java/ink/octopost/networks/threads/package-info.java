/**
 * Threads, Meta's text-first network, through the Threads API (https://graph.threads.net/v1.0;
 * https://developers.facebook.com/docs/threads/overview/,
 * https://developers.facebook.com/documentation/threads/posts). Auth is Meta's OAuth 2.0 code flow on
 * threads.net ({@link ink.octopost.networks.threads.ThreadsOAuth}: scopes {@code threads_basic,
 * threads_content_publish, threads_manage_replies, threads_delete}, no PKCE); the 1-hour token is
 * exchanged at once for a 60-day one, which is refreshed with {@code th_refresh_token} on the first
 * publish after it is a day old (Meta refuses younger tokens), so an account that publishes within
 * 60 days never expires. Publishing is two steps: create a container ({@code POST /{user-id}/threads};
 * Meta fetches media from Octopost's signed public URLs) and publish it ({@code threads_publish}).
 * Containers are looked at once and, while {@code IN_PROGRESS}, the engine is told to come back
 * ({@code NetworkFailure.InProgress} with the container ids and start time) rather than a thread
 * waiting; {@code ERROR}/{@code EXPIRED} fail with Meta's reason, and ten minutes of processing fail
 * the post. Text is limited to 500 characters where, in Meta's words, emoji count as their UTF-8 byte
 * length: each emoji grapheme (any cluster holding an extended pictographic, an emoji presentation
 * character such as a flag letter, or a keycap) counts its UTF-8 bytes, so a thumbs-up is 4 and a
 * family sequence 25, and every other code point counts 1. A post carries images (JPEG or PNG, 8 MB)
 * and videos (MOV or MP4, 1 GB, 5 min), mixed in a carousel of 2 to 20 items; alt text ({@code
 * alt_text}) has no published limit, so 1000 is assumed. A text-only post gets a link card ({@code
 * link_attachment}: {@code overrides.threads.link}, else its first URL); at most 5 different links.
 * {@code overrides.threads.reply_control} says who may reply. A thread is a chain of replies ({@code
 * reply_to_id}); there is no idempotency key; posts are deleted with {@code DELETE /{media-id}} (100
 * deletes a day). API publishing is capped at 250 posts and 1000 replies a rolling day, read from
 * {@code threads_publishing_limit} before each post: when used up the target waits an hour and looks
 * again. Errors come in Meta's Graph envelope ({@link ink.octopost.networks.threads.ThreadsErrors}).
 */
package ink.octopost.networks.threads;
