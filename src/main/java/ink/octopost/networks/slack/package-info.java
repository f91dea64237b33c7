/**
 * Slack, posting into a channel with {@code chat.postMessage}
 * (https://api.slack.com/methods/chat.postMessage, https://docs.slack.dev/reference/methods/chat.postmessage.md)
 * or an incoming webhook, with files through {@code files.getUploadURLExternal} and
 * {@code files.completeUploadExternal}
 * (https://docs.slack.dev/reference/methods/files.completeUploadExternal/). Auth is a bot token
 * ({@code xoxb-}, scopes {@code chat:write,files:write}; it never expires unless token rotation is on,
 * then 12 hours with single-use refresh tokens) or a webhook URL bound to one channel. Web API errors
 * arrive as HTTP 200 with {@code "ok": false}. Octopost always sends text: {@code text} is truncated
 * above 40,000 characters (4000 recommended), counted here as UTF-16 code units. Files may be images
 * or videos together; the file size limit is not documented (1 GB is commonly cited) and 10 files a
 * message is assumed; Octopost sends no alt text (webhooks cannot carry files or alt text). Segments
 * are follow-up replies in the first message's thread ({@code thread_ts} = the parent's
 * {@code ts}). Nothing is processed asynchronously, there is no idempotency key, and messages are
 * deleted with {@code chat.delete} (not possible for webhook messages, which return no {@code ts}).
 */
package ink.octopost.networks.slack;
