/**
 * Threads, Meta's text-first network, through the Threads API (https://graph.threads.net/v1.0;
 * https://developers.facebook.com/docs/threads/overview/,
 * https://developers.facebook.com/documentation/threads/posts). Auth is Meta's OAuth 2.0 code flow on
 * threads.net (scopes {@code threads_basic,threads_content_publish}, plus
 * {@code threads_manage_replies} for reply chains and {@code threads_delete}); the 1-hour token is
 * exchanged for a 60-day one and refreshed with {@code th_refresh_token} once it is a day old.
 * Publishing is two steps: create a container ({@code POST /{user-id}/threads}; Meta fetches media
 * from public URLs) and publish it ({@code threads_publish}); media containers are polled until
 * {@code FINISHED}. Text is limited to 500 characters where, in Meta's words, emoji count as their
 * UTF-8 byte length: each emoji grapheme (any cluster holding an extended pictographic, an emoji
 * presentation character such as a flag letter, or a keycap) counts its UTF-8 bytes, so a thumbs-up is
 * 4 and a family sequence 25, and every other code point counts 1. A post carries images (JPEG or PNG,
 * 8 MB) and videos (MOV or MP4, 1 GB, 5 min), mixed in a carousel of up to 20 items (the count is
 * unconfirmed); alt text ({@code alt_text}) has no published limit, so 1000 is assumed. A thread is a
 * chain of replies ({@code reply_to_id}); there is no idempotency key; posts are deleted with
 * {@code DELETE /{media-id}} (100 deletes a day). API publishing is capped at 250 posts a day.
 */
package ink.octopost.networks.threads;
