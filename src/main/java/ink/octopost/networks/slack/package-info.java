/**
 * Slack, posting into a channel with a bot token and the Web API
 * (https://docs.slack.dev/reference/methods/chat.postMessage, https://api.slack.com/methods/chat.postMessage)
 * or through an incoming webhook (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks),
 * with files through {@code files.getUploadURLExternal} and {@code files.completeUploadExternal}
 * (https://docs.slack.dev/reference/methods/files.getUploadURLExternal/,
 * https://docs.slack.dev/reference/methods/files.completeUploadExternal/). The Web API base is
 * {@code https://slack.com/api} and webhooks live on {@code https://hooks.slack.com};
 * {@code OCTOPOST_NETWORKS_SLACK_BASE_URL} overrides the API base, and then webhooks are expected
 * at that URL's origin (one host serves both, as a local fake or a proxy does).
 *
 * <p>A bot token ({@code xoxb-}, scopes {@code chat:write,files:write}, {@code chat:write.public}
 * to post into public channels the app was not invited to) never expires unless token rotation is
 * on (https://docs.slack.dev/authentication/using-token-rotation): then it is an
 * {@code xoxe.xoxb-} token that lives 12 hours and is connected with its single-use refresh token
 * ({@code xoxe-1-}), which {@code oauth.v2.access} ({@code grant_type=refresh_token} with the app's
 * {@code client_id} and {@code client_secret} from {@code OCTOPOST_NETWORKS_SLACK_CLIENT_ID} and
 * {@code _CLIENT_SECRET}) trades for a new pair and {@code expires_in}. The engine refreshes 5
 * minutes before expiry and on {@code token_expired} or {@code invalid_auth} from a rotating token,
 * and stores the new pair with compare-and-set; a refused refresh token
 * ({@code invalid_refresh_token}, {@code invalid_grant}) needs a reconnect. A token is sent only as
 * {@code Authorization: Bearer}. Connecting calls {@code auth.test} (the workspace and its URL,
 * kept as the account's instance URL, and the scopes from {@code x-oauth-scopes}) and
 * {@code conversations.info} (the channel must exist, not be archived, and have the app in it or
 * allow {@code chat:write.public}); {@code channel} must be the channel id, since names cannot be
 * looked up with it. Text goes with {@code chat.postMessage}; media with the three-call upload (an
 * upload URL per file, the bytes POSTed to that pre-signed URL without the token, then one
 * {@code files.completeUploadExternal} with {@code channel_id}, {@code initial_comment} and
 * {@code thread_ts} that shares every file in one message). Alt text goes as {@code alt_txt} (up
 * to 1000 characters, cut there), though the capabilities do not promise it. That call does not
 * name the message it made: its ts is read from the files' {@code shares}, then from
 * {@code files.info} for a moment, and if Slack still has not said, the first file's id stands for
 * the post (deleted with {@code files.delete}). Segments are replies in the first message's
 * thread ({@code thread_ts} is always the parent's ts, never a reply's). The post id is the
 * message's {@code ts} (with the channel in the refs) and the link comes from
 * {@code chat.getPermalink}, or is built as {@code {workspace}/archives/{channel}/p{ts}} if that
 * call fails after posting. Web API errors arrive as HTTP 200 with {@code "ok": false}:
 * {@code invalid_auth}, {@code token_revoked}, {@code account_inactive}, {@code missing_scope} and
 * the like need reconnecting (a rotating token's {@code invalid_auth} first gets its one refresh);
 * {@code ratelimited} and HTTP 429 wait for {@code Retry-After};
 * {@code internal_error}, {@code fatal_error}, {@code service_unavailable} and 5xx are transient;
 * everything else ({@code channel_not_found}, {@code not_in_channel}, {@code is_archived},
 * {@code msg_too_long}, ...) is a refusal. Messages are deleted with {@code chat.delete}.
 *
 * <p>An incoming webhook URL ({@code /services/T.../B.../secret}) is bound to one channel and never
 * expires; it is the credential, so only its path is stored, calls always go to the configured
 * hooks host, and it is never logged. Webhooks cannot be read: connecting POSTs a payload without
 * text, which a live webhook refuses with 400 {@code no_text} (or {@code invalid_payload}) and a
 * removed one answers with 404/410 ({@code no_service}, {@code no_team}). A webhook posts text
 * only (media is refused with a reason, since it cannot carry files) and answers a plain
 * {@code ok}: no ts, so no post id, link, thread or delete; segments follow in order. Its errors
 * are real HTTP statuses with a plain-text body: 404, 410 and 403 {@code invalid_token} need a new
 * webhook, 429 waits for {@code Retry-After}, 5xx are transient, other 4xx are refusals.
 *
 * <p>{@code text} is truncated above 40,000 characters (4000 recommended), counted here as UTF-16
 * code units. Files may be images or videos together; the file size limit is not documented (1 GB
 * is commonly cited) and 10 files a message is assumed. Nothing is processed asynchronously and
 * there is no idempotency key.
 */
package ink.octopost.networks.slack;
